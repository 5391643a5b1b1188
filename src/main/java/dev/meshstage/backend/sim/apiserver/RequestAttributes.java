package dev.meshstage.backend.sim.apiserver;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a request asks to do, for the authorizer, read off its method, path and query as kube-apiserver's
 * RequestInfoFactory does: {@code /api/v1/…} and {@code /apis/G/V/…} below a group version are resource requests
 * (verb from the method; a GET without a name is a list, or a watch with {@code watch=true}; a DELETE without a
 * name is a deletecollection), everything else (discovery, {@code /version}, {@code /openapi}) is a path.
 */
final class RequestAttributes {

    /** Below a namespace, these name the namespace's own subresources, not a resource in it. */
    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");
    /** Streams a WebSocket opens with a GET; a 1.34 server also requires create for them. */
    private static final Set<String> STREAM_SUBRESOURCES = Set.of("exec", "attach", "portforward");

    private RequestAttributes() {
    }

    static Rbac.Attributes of(String method, String path, Map<String, String> query) {
        List<String> parts = RestHandler.segments(path);
        String verb = method.toLowerCase(Locale.ROOT);
        int base;
        String group;
        if (parts.size() >= 3 && parts.get(0).equals("api")) {
            base = 2;
            group = "";
        } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
            base = 3;
            group = parts.get(1);
        } else {
            return new Rbac.Attributes(verb.equals("head") ? "get" : verb, "", "", "", "", "", path);
        }
        List<String> rest = parts.subList(base, parts.size());
        verb = switch (verb) {
            case "post" -> "create";
            case "get", "head" -> "get";
            case "put" -> "update";
            default -> verb;
        };
        if (rest.get(0).equals("watch")) {
            verb = "watch";
            rest = rest.subList(1, rest.size());
        }
        String namespace = "";
        if (!rest.isEmpty() && rest.get(0).equals("namespaces") && rest.size() > 1) {
            namespace = rest.get(1);
            if (rest.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
                rest = rest.subList(2, rest.size());
            }
        }
        String resource = rest.isEmpty() ? "" : rest.get(0);
        String name = rest.size() > 1 ? rest.get(1) : "";
        String sub = rest.size() > 2 ? rest.get(2) : "";
        if (name.isEmpty() && verb.equals("get")) {
            verb = isTrue(query.get("watch")) ? "watch" : "list";
            String exact = exactName(query.get("fieldSelector"));
            if (exact != null) {
                name = exact;
            }
        }
        if (name.isEmpty() && verb.equals("delete")) {
            verb = "deletecollection";
        }
        if (verb.equals("get") && resource.equals("pods") && STREAM_SUBRESOURCES.contains(sub)) {
            verb = "create";
        }
        return new Rbac.Attributes(verb, group, resource, sub, namespace, name, null);
    }

    /** The name a field selector requires exactly ({@code metadata.name=web}), as a list or watch of one object. */
    private static String exactName(String selector) {
        if (selector == null || selector.isEmpty()) {
            return null;
        }
        for (String term : selector.split(",")) {
            String t = term.trim();
            for (String op : new String[] {"==", "="}) {
                if (t.startsWith("metadata.name" + op)) {
                    String v = t.substring(("metadata.name" + op).length());
                    return v.isEmpty() || v.contains("/") ? null : v;
                }
            }
        }
        return null;
    }

    private static boolean isTrue(String v) {
        return v != null && (v.equals("true") || v.equals("1") || v.equals("True"));
    }
}
