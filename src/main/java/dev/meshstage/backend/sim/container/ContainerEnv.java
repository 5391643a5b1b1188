package dev.meshstage.backend.sim.container;

import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment a container's processes see, built as the kubelet builds it: PATH and HOSTNAME, then
 * {@code envFrom}, then {@code env} in order ({@code $(VAR)} references expanded, ConfigMap and Secret keys,
 * downward-API fields), then the Docker-link variables of the namespace's Services, then HOME.
 */
public final class ContainerEnv {

    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Pattern REF = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private ContainerEnv() {
    }

    public static Map<String, String> of(ObjectStore store, JsonNode pod, JsonNode container) {
        String ns = pod.path("metadata").path("namespace").asString();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", PATH);
        env.put("HOSTNAME", pod.path("spec").path("hostname").asString(pod.path("metadata").path("name").asString()));
        for (JsonNode from : container.path("envFrom")) {
            String prefix = from.path("prefix").asString("");
            if (from.has("configMapRef")) {
                ObjectNode cm = find(store, "ConfigMap", ns, from.path("configMapRef").path("name").asString());
                if (cm != null) {
                    cm.path("data").properties().forEach(e -> env.put(prefix + e.getKey(), e.getValue().asString()));
                }
            } else if (from.has("secretRef")) {
                ObjectNode s = find(store, "Secret", ns, from.path("secretRef").path("name").asString());
                if (s != null) {
                    s.path("data").properties().forEach(e -> env.put(prefix + e.getKey(), decode(e.getValue().asString())));
                }
            }
        }
        for (JsonNode e : container.path("env")) {
            String name = e.path("name").asString();
            String value;
            if (e.has("valueFrom")) {
                value = valueFrom(store, pod, ns, e.path("valueFrom"));
                if (value == null) {
                    continue; // an optional reference that is missing: the variable is not set
                }
            } else {
                value = expand(e.path("value").asString(""), env);
            }
            env.put(name, value);
        }
        if (pod.path("spec").path("enableServiceLinks").asBoolean(true)) {
            serviceLinks(store, ns, env);
        } else {
            serviceLinks(store, "default", env, "kubernetes");
        }
        env.putIfAbsent("HOME", "/root");
        return env;
    }

    /** {@code $(VAR)} becomes the value of an earlier variable; unknown references stay as written; {@code $$} escapes. */
    static String expand(String value, Map<String, String> env) {
        Matcher m = REF.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            boolean escaped = m.start() > 0 && value.charAt(m.start() - 1) == '$';
            String replacement = escaped ? m.group() : env.getOrDefault(m.group(1), m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString().replace("$$(", "$(");
    }

    private static String valueFrom(ObjectStore store, JsonNode pod, String ns, JsonNode from) {
        if (from.has("configMapKeyRef")) {
            JsonNode ref = from.path("configMapKeyRef");
            ObjectNode cm = find(store, "ConfigMap", ns, ref.path("name").asString());
            JsonNode v = cm == null ? null : cm.path("data").get(ref.path("key").asString());
            return v == null ? null : v.asString();
        }
        if (from.has("secretKeyRef")) {
            JsonNode ref = from.path("secretKeyRef");
            ObjectNode s = find(store, "Secret", ns, ref.path("name").asString());
            JsonNode v = s == null ? null : s.path("data").get(ref.path("key").asString());
            return v == null ? null : decode(v.asString());
        }
        if (from.has("fieldRef")) {
            return field(pod, from.path("fieldRef").path("fieldPath").asString());
        }
        if (from.has("resourceFieldRef")) {
            return resource(pod, from.path("resourceFieldRef"));
        }
        return null;
    }

    /** A downward-API field path ({@code metadata.name}, {@code metadata.labels['app']}, {@code status.podIP} …). */
    static String field(JsonNode pod, String path) {
        Matcher m = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]").matcher(path);
        if (m.matches()) {
            return pod.path("metadata").path(m.group(1)).path(m.group(2)).asString("");
        }
        return switch (path) {
            case "metadata.name" -> pod.path("metadata").path("name").asString();
            case "metadata.namespace" -> pod.path("metadata").path("namespace").asString();
            case "metadata.uid" -> pod.path("metadata").path("uid").asString();
            case "spec.nodeName" -> pod.path("spec").path("nodeName").asString("");
            case "spec.serviceAccountName" -> pod.path("spec").path("serviceAccountName").asString("default");
            case "status.hostIP" -> pod.path("status").path("hostIP").asString("");
            case "status.podIP" -> pod.path("status").path("podIP").asString("");
            case "status.podIPs" -> pod.path("status").path("podIP").asString("");
            case "status.hostIPs" -> pod.path("status").path("hostIP").asString("");
            case "metadata.labels", "metadata.annotations" -> {
                StringBuilder b = new StringBuilder();
                pod.path("metadata").path(path.substring("metadata.".length())).properties()
                        .forEach(e -> b.append(b.isEmpty() ? "" : "\n").append(e.getKey()).append("=\"").append(e.getValue().asString()).append('"'));
                yield b.toString();
            }
            default -> "";
        };
    }

    /** limits/requests of a container in the divisor's unit (cpu rounds up to whole cores, as the kubelet does). */
    private static String resource(JsonNode pod, JsonNode ref) {
        String containerName = ref.path("containerName").asString("");
        String resource = ref.path("resource").asString();
        for (JsonNode c : pod.path("spec").path("containers")) {
            if (!containerName.isEmpty() && !c.path("name").asString().equals(containerName)) {
                continue;
            }
            String[] parts = resource.split("\\.", 2);
            String value = parts.length == 2 ? c.path("resources").path(parts[0]).path(parts[1]).asString("") : "";
            if (value.isEmpty()) {
                return resource.endsWith("cpu") ? "1" : "0";
            }
            if (resource.endsWith("cpu")) {
                double cores = value.endsWith("m") ? Double.parseDouble(value.substring(0, value.length() - 1)) / 1000 : Double.parseDouble(value);
                return Long.toString((long) Math.ceil(cores));
            }
            return value;
        }
        return "";
    }

    private static void serviceLinks(ObjectStore store, String ns, Map<String, String> env, String... only) {
        ResourceType services = store.registry().require("v1", "Service");
        List<String> wanted = List.of(only);
        for (ObjectNode svc : store.list(services, ns)) {
            String name = svc.path("metadata").path("name").asString();
            String ip = svc.path("spec").path("clusterIP").asString("");
            if ((!wanted.isEmpty() && !wanted.contains(name)) || ip.isEmpty() || ip.equals("None")) {
                continue;
            }
            link(env, name, ip, svc.path("spec").path("ports"));
        }
        if (!ns.equals("default") && wanted.isEmpty()) {
            ObjectNode k = store.find(services, "default", "kubernetes");
            if (k != null) {
                link(env, "kubernetes", k.path("spec").path("clusterIP").asString(), k.path("spec").path("ports"));
            }
        }
    }

    private static void link(Map<String, String> env, String service, String ip, JsonNode ports) {
        String prefix = service.toUpperCase(Locale.ROOT).replace('-', '_');
        boolean first = true;
        for (JsonNode p : ports) {
            int port = p.path("port").asInt();
            String proto = p.path("protocol").asString("TCP");
            String lower = proto.toLowerCase(Locale.ROOT);
            if (first) {
                env.put(prefix + "_SERVICE_HOST", ip);
                env.put(prefix + "_SERVICE_PORT", Integer.toString(port));
                env.put(prefix + "_PORT", lower + "://" + ip + ":" + port);
                first = false;
            }
            if (p.has("name")) {
                env.put(prefix + "_SERVICE_PORT_" + p.path("name").asString().toUpperCase(Locale.ROOT).replace('-', '_'), Integer.toString(port));
            }
            String key = prefix + "_PORT_" + port + "_" + proto;
            env.put(key, lower + "://" + ip + ":" + port);
            env.put(key + "_PROTO", lower);
            env.put(key + "_PORT", Integer.toString(port));
            env.put(key + "_ADDR", ip);
        }
    }

    static ObjectNode find(ObjectStore store, String kind, String ns, String name) {
        return store.find(store.registry().require("v1", kind), ns, name);
    }

    static String decode(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return base64;
        }
    }
}
