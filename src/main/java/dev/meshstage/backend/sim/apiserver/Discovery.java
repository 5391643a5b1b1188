package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The discovery documents, generated from the registry on every request so CRD kinds appear and vanish
 * with their CRDs: legacy ({@code APIVersions}, {@code APIGroupList}, {@code APIGroup},
 * {@code APIResourceList}) and aggregated ({@code apidiscovery.k8s.io} {@code APIGroupDiscoveryList}).
 */
final class Discovery {

    static final String GIT_VERSION = "v1.34.3";

    /** A subresource as discovery lists it. */
    record Sub(String name, String group, String version, String kind, List<String> verbs) {
    }

    private final ResourceRegistry registry;

    Discovery(ResourceRegistry registry) {
        this.registry = registry;
    }

    static ObjectNode version() {
        ObjectNode v = Json.object();
        v.put("major", "1");
        v.put("minor", "34");
        v.put("emulationMajor", "1");
        v.put("emulationMinor", "34");
        v.put("minCompatibilityMajor", "1");
        v.put("minCompatibilityMinor", "33");
        v.put("gitVersion", GIT_VERSION);
        v.put("gitCommit", "df11db1c0f08fab3c0baee1e5ce6efbf816af7f1");
        v.put("gitTreeState", "clean");
        v.put("buildDate", "2025-12-09T14:42:07Z");
        v.put("goVersion", "go1.24.11");
        v.put("compiler", "gc");
        v.put("platform", "linux/amd64");
        return v;
    }

    static List<Sub> subresources(ResourceType t) {
        List<Sub> out = new ArrayList<>();
        List<String> guv = List.of("get", "patch", "update");
        if (t.statusSubresource()) {
            out.add(new Sub("status", t.group(), t.version(), t.kind(), guv));
        }
        if (t.scaleSubresource()) {
            out.add(new Sub("scale", "autoscaling", "v1", "Scale", guv));
        }
        if (t.group().isEmpty() && t.plural().equals("pods")) {
            out.add(new Sub("log", "", "v1", "Pod", List.of("get")));
            out.add(new Sub("exec", "", "v1", "PodExecOptions", List.of("create", "get")));
            out.add(new Sub("attach", "", "v1", "PodAttachOptions", List.of("create", "get")));
            out.add(new Sub("portforward", "", "v1", "PodPortForwardOptions", List.of("create", "get")));
            out.add(new Sub("binding", "", "v1", "Binding", List.of("create")));
            out.add(new Sub("eviction", "policy", "v1", "Eviction", List.of("create")));
            out.add(new Sub("ephemeralcontainers", "", "v1", "Pod", guv));
        }
        if (t.group().isEmpty() && t.plural().equals("serviceaccounts")) {
            out.add(new Sub("token", "authentication.k8s.io", "v1", "TokenRequest", List.of("create")));
        }
        if (t.group().isEmpty() && t.plural().equals("namespaces")) {
            out.add(new Sub("finalize", "", "v1", "Namespace", List.of("update")));
        }
        return out;
    }

    static Sub subresource(ResourceType t, String name) {
        return subresources(t).stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    /** Group name → its versions, preferred first. The core group is absent. */
    Map<String, List<String>> groups() {
        Map<String, List<String>> g = new LinkedHashMap<>();
        for (ResourceType t : registry.all()) {
            if (t.group().isEmpty()) {
                continue;
            }
            List<String> vs = g.computeIfAbsent(t.group(), k -> new ArrayList<>());
            if (!vs.contains(t.version())) {
                vs.add(t.version());
            }
        }
        g.values().forEach(vs -> vs.sort(VERSION_ORDER));
        return g;
    }

    boolean servesGroupVersion(String group, String version) {
        return registry.all().stream().anyMatch(t -> t.group().equals(group) && t.version().equals(version));
    }

    ObjectNode apiVersions() {
        ObjectNode n = Json.object();
        n.put("kind", "APIVersions");
        n.putArray("versions").add("v1");
        ObjectNode addr = n.putArray("serverAddressByClientCIDRs").addObject();
        addr.put("clientCIDR", "0.0.0.0/0");
        addr.put("serverAddress", "172.18.0.2:6443");
        return n;
    }

    ObjectNode groupList() {
        ObjectNode n = Json.object();
        n.put("kind", "APIGroupList");
        n.put("apiVersion", "v1");
        ArrayNode groups = n.putArray("groups");
        groups().forEach((g, vs) -> groups.add(group(g, vs)));
        return n;
    }

    ObjectNode group(String name) {
        List<String> vs = groups().get(name);
        if (vs == null) {
            return null;
        }
        ObjectNode g = group(name, vs);
        g.put("kind", "APIGroup");
        g.put("apiVersion", "v1");
        return g;
    }

    private static ObjectNode group(String name, List<String> versions) {
        ObjectNode g = Json.object();
        g.put("name", name);
        ArrayNode arr = g.putArray("versions");
        for (String v : versions) {
            ObjectNode gv = arr.addObject();
            gv.put("groupVersion", name + "/" + v);
            gv.put("version", v);
        }
        ObjectNode pref = g.putObject("preferredVersion");
        pref.put("groupVersion", name + "/" + versions.get(0));
        pref.put("version", versions.get(0));
        return g;
    }

    /** The APIResourceList of one group/version, or null when it is not served. */
    ObjectNode resourceList(String group, String version) {
        List<ResourceType> types = registry.all().stream()
                .filter(t -> t.group().equals(group) && t.version().equals(version)).toList();
        if (types.isEmpty()) {
            return null;
        }
        ObjectNode n = Json.object();
        n.put("kind", "APIResourceList");
        n.put("apiVersion", "v1");
        n.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode res = n.putArray("resources");
        for (ResourceType t : types) {
            ObjectNode r = res.addObject();
            r.put("name", t.plural());
            r.put("singularName", t.singular());
            r.put("namespaced", t.namespaced());
            r.put("kind", t.kind());
            strings(r.putArray("verbs"), t.verbs());
            if (!t.shortNames().isEmpty()) {
                strings(r.putArray("shortNames"), t.shortNames());
            }
            if (!t.categories().isEmpty()) {
                strings(r.putArray("categories"), t.categories());
            }
            for (Sub s : subresources(t)) {
                ObjectNode sr = res.addObject();
                sr.put("name", t.plural() + "/" + s.name());
                sr.put("singularName", "");
                sr.put("namespaced", t.namespaced());
                if (!s.group().equals(t.group()) || !s.version().equals(t.version())) {
                    sr.put("group", s.group());
                    sr.put("version", s.version());
                }
                sr.put("kind", s.kind());
                strings(sr.putArray("verbs"), s.verbs());
            }
        }
        return n;
    }

    /**
     * The aggregated discovery document ({@code /api} when {@code core}, else {@code /apis}) in the given
     * apidiscovery version ({@code v2} or {@code v2beta1}, which share one shape).
     */
    ObjectNode aggregated(boolean core, String discoveryVersion) {
        ObjectNode n = Json.object();
        n.put("kind", "APIGroupDiscoveryList");
        n.put("apiVersion", "apidiscovery.k8s.io/" + discoveryVersion);
        n.putObject("metadata");
        ArrayNode items = n.putArray("items");
        Map<String, List<String>> groups = new LinkedHashMap<>();
        if (core) {
            groups.put("", List.of("v1"));
        } else {
            groups.putAll(groups());
        }
        for (var e : groups.entrySet()) {
            ObjectNode item = items.addObject();
            ObjectNode meta = item.putObject("metadata");
            if (!e.getKey().isEmpty()) {
                meta.put("name", e.getKey());
            }
            meta.putNull("creationTimestamp");
            ArrayNode versions = item.putArray("versions");
            for (String v : e.getValue()) {
                ObjectNode ver = versions.addObject();
                ver.put("version", v);
                ArrayNode res = ver.putArray("resources");
                for (ResourceType t : registry.all()) {
                    if (!t.group().equals(e.getKey()) || !t.version().equals(v)) {
                        continue;
                    }
                    ObjectNode r = res.addObject();
                    r.put("resource", t.plural());
                    responseKind(r.putObject("responseKind"), t.group(), t.version(), t.kind());
                    r.put("scope", t.namespaced() ? "Namespaced" : "Cluster");
                    r.put("singularResource", t.singular());
                    strings(r.putArray("verbs"), t.verbs());
                    if (!t.shortNames().isEmpty()) {
                        strings(r.putArray("shortNames"), t.shortNames());
                    }
                    if (!t.categories().isEmpty()) {
                        strings(r.putArray("categories"), t.categories());
                    }
                    List<Sub> subs = subresources(t);
                    if (!subs.isEmpty()) {
                        ArrayNode sa = r.putArray("subresources");
                        for (Sub s : subs) {
                            ObjectNode so = sa.addObject();
                            so.put("subresource", s.name());
                            responseKind(so.putObject("responseKind"), s.group(), s.version(), s.kind());
                            strings(so.putArray("verbs"), s.verbs());
                        }
                    }
                }
                ver.put("freshness", "Current");
            }
        }
        return n;
    }

    private static void responseKind(ObjectNode o, String group, String version, String kind) {
        o.put("group", group);
        o.put("version", version);
        o.put("kind", kind);
    }

    private static void strings(ArrayNode arr, List<String> values) {
        values.forEach(arr::add);
    }

    private static final Pattern KUBE_VERSION = Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?");

    /** Kubernetes version priority: GA before beta before alpha, higher numbers first, others last by name. */
    static final Comparator<String> VERSION_ORDER = (a, b) -> {
        long ka = versionKey(a);
        long kb = versionKey(b);
        return ka != kb ? Long.compare(kb, ka) : a.compareTo(b);
    };

    private static long versionKey(String v) {
        Matcher m = KUBE_VERSION.matcher(v);
        if (!m.matches()) {
            return -1;
        }
        long major = Long.parseLong(m.group(1));
        int stage = m.group(2) == null ? 3 : m.group(2).equals("beta") ? 2 : 1;
        long minor = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
        return stage * 1_000_000_000L + major * 10_000L + minor;
    }
}
