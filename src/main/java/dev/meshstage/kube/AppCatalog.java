package dev.meshstage.kube;

import dev.meshstage.error.BackendException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Simple Buy is made of, read from the rendered manifests of each cluster rather than written
 * down a second time: its services (every Deployment, StatefulSet or DaemonSet), where they run, and
 * what each needs in its cluster. "Needs" is derived from the pod spec: the namespace, the ConfigMaps,
 * Secrets and claims it references, and the Services its settings name as hosts (for example
 * {@code RABBITMQ_URL=amqp://guest:guest@rabbitmq.simple-buy:5672/} names {@code rabbitmq}). That is
 * what {@code app deploy --cluster 2 product} applies: the service and what it needs, nothing else.
 */
public final class AppCatalog {

    /** A port callers use: a Service port, or the container port when no Service selects the pods. */
    public record Port(String name, int port) {
    }

    /**
     * One service of the app in one cluster.
     *
     * @param workloadKind Deployment, StatefulSet or DaemonSet
     * @param calls        the Services this one's settings name as hosts, in the order they appear
     */
    public record AppService(String name, String cluster, String workloadKind, List<String> images, List<Port> ports,
            List<String> calls) {
    }

    private static final Set<String> WORKLOAD_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet");

    /** {@code scheme://[user[:password]@]host...} */
    private static final Pattern URL_HOST = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^@/]*@)?([^:/?#]+)");
    /** {@code host:port}, as in {@code PRODUCT_GRPC_URL=product:9082} */
    private static final Pattern HOST_PORT = Pattern.compile("^([a-z0-9]([a-z0-9.-]*[a-z0-9])?):[0-9]+$");

    private final Map<String, List<ObjectNode>> rendered;
    private final List<AppService> services = new ArrayList<>();

    /** @param renderedByCluster each cluster's rendered objects (e.g. {@link Kustomize#render}), by cluster name */
    public AppCatalog(Map<String, List<ObjectNode>> renderedByCluster) {
        this.rendered = new LinkedHashMap<>(renderedByCluster);
        rendered.forEach((cluster, objects) -> objects.stream()
                .filter(object -> WORKLOAD_KINDS.contains(Gvk.of(object).kind()))
                .forEach(workload -> services.add(describe(cluster, workload))));
    }

    /** Every service in every cluster, cluster by cluster, in rendering order. */
    public List<AppService> services() {
        return List.copyOf(services);
    }

    public Optional<AppService> service(String cluster, String name) {
        return services.stream().filter(s -> s.cluster().equals(cluster) && s.name().equals(name)).findFirst();
    }

    /**
     * What {@code service} needs in {@code cluster} besides its own workload and Services: its
     * namespace, the ConfigMaps, Secrets and PersistentVolumeClaims its pods reference, and the Services
     * it calls (which may have no pods in that cluster, like cluster2's postgres and rabbitmq stubs).
     * In kustomize order, so it can be applied as is.
     *
     * @throws BackendException when {@code cluster}'s manifests have no such workload
     */
    public List<ObjectNode> dependencies(String cluster, String service) {
        ObjectNode workload = workload(cluster, service);
        String namespace = namespace(workload);
        JsonNode pod = workload.at("/spec/template/spec");
        List<ObjectNode> needed = new ArrayList<>();
        for (ObjectNode object : objects(cluster)) {
            String kind = Gvk.of(object).kind();
            String name = name(object);
            boolean sameNamespace = namespace(object).equals(namespace);
            boolean needs = switch (kind) {
                case "Namespace" -> name.equals(namespace);
                case "ConfigMap" -> sameNamespace && references(pod, "configMapKeyRef", "configMapRef", "configMap", name);
                case "Secret" -> sameNamespace && references(pod, "secretKeyRef", "secretRef", "secret", name);
                case "PersistentVolumeClaim" -> sameNamespace && claims(pod).contains(name);
                case "Service" -> sameNamespace && calls(cluster, workload).contains(name);
                default -> false;
            };
            if (needs) {
                needed.add(object);
            }
        }
        needed.sort(ResourceOrder.LEGACY);
        return needed;
    }

    /** The service's own objects (workload and the Services selecting it) plus its {@link #dependencies}. */
    public List<ObjectNode> manifests(String cluster, String service) {
        ObjectNode workload = workload(cluster, service);
        List<ObjectNode> manifests = new ArrayList<>(dependencies(cluster, service));
        manifests.add(workload);
        manifests.addAll(ownServices(cluster, workload));
        manifests.sort(ResourceOrder.LEGACY);
        return manifests;
    }

    private AppService describe(String cluster, ObjectNode workload) {
        List<String> images = new ArrayList<>();
        List<Port> containerPorts = new ArrayList<>();
        for (JsonNode container : containers(workload.at("/spec/template/spec"))) {
            images.add(container.path("image").asString());
            for (JsonNode port : container.path("ports")) {
                containerPorts.add(new Port(port.path("name").asString(), port.path("containerPort").asInt()));
            }
        }
        List<Port> servicePorts = new ArrayList<>();
        for (ObjectNode service : ownServices(cluster, workload)) {
            for (JsonNode port : service.at("/spec/ports")) {
                servicePorts.add(new Port(port.path("name").asString(), port.path("port").asInt()));
            }
        }
        return new AppService(name(workload), cluster, Gvk.of(workload).kind(), List.copyOf(images),
                List.copyOf(servicePorts.isEmpty() ? containerPorts : servicePorts), calls(cluster, workload));
    }

    private ObjectNode workload(String cluster, String service) {
        return objects(cluster).stream()
                .filter(object -> WORKLOAD_KINDS.contains(Gvk.of(object).kind()) && name(object).equals(service))
                .findFirst()
                .orElseThrow(() -> new BackendException("no workload named " + service + " in " + cluster
                        + "'s manifests; it has " + String.join(", ", services.stream()
                        .filter(s -> s.cluster().equals(cluster)).map(AppService::name).toList())));
    }

    private List<ObjectNode> objects(String cluster) {
        List<ObjectNode> objects = rendered.get(cluster);
        if (objects == null) {
            throw new BackendException("no manifests for cluster " + cluster + "; known: " + String.join(", ", rendered.keySet()));
        }
        return objects;
    }

    /** Services in the workload's namespace whose (non-empty) selector matches its pod labels. */
    private List<ObjectNode> ownServices(String cluster, ObjectNode workload) {
        JsonNode podLabels = workload.at("/spec/template/metadata/labels");
        return objects(cluster).stream()
                .filter(object -> Gvk.of(object).kind().equals("Service") && namespace(object).equals(namespace(workload)))
                .filter(service -> {
                    JsonNode selector = service.at("/spec/selector");
                    return selector.size() > 0 && selector.properties().stream()
                            .allMatch(entry -> entry.getValue().equals(podLabels.get(entry.getKey())));
                })
                .toList();
    }

    /**
     * The names in its own namespace that {@code service}'s settings name as hosts, whether or not {@code cluster}'s
     * manifests define such a Service (the doctor's question: does every name it calls resolve there?).
     */
    public List<String> namedHosts(String cluster, String service) {
        return calls(cluster, workload(cluster, service), false);
    }

    /** Names of the Services (other than its own) that the workload's env values name as hosts. */
    private List<String> calls(String cluster, ObjectNode workload) {
        return calls(cluster, workload, true);
    }

    private List<String> calls(String cluster, ObjectNode workload, boolean onlyKnown) {
        String namespace = namespace(workload);
        Set<String> own = new LinkedHashSet<>(ownServices(cluster, workload).stream().map(AppCatalog::name).toList());
        Set<String> known = new LinkedHashSet<>(objects(cluster).stream()
                .filter(object -> Gvk.of(object).kind().equals("Service") && namespace(object).equals(namespace))
                .map(AppCatalog::name).toList());
        Set<String> calls = new LinkedHashSet<>();
        for (JsonNode container : containers(workload.at("/spec/template/spec"))) {
            for (JsonNode env : container.path("env")) {
                host(resolve(cluster, namespace, env)).ifPresent(host -> {
                    // "rabbitmq", "rabbitmq.simple-buy" and "rabbitmq.simple-buy.svc.cluster.local" all name it
                    String[] labels = host.split("\\.");
                    boolean here = labels.length == 1 || labels[1].equals(namespace);
                    if (here && (!onlyKnown || known.contains(labels[0])) && !own.contains(labels[0])) {
                        calls.add(labels[0]);
                    }
                });
            }
        }
        return List.copyOf(calls);
    }

    /** An env var's value: literal, or looked up in the ConfigMap or Secret it points at. */
    private String resolve(String cluster, String namespace, JsonNode env) {
        if (env.has("value")) {
            return env.path("value").asString();
        }
        JsonNode configMapKey = env.at("/valueFrom/configMapKeyRef");
        if (!configMapKey.isMissingNode()) {
            return find(cluster, "ConfigMap", namespace, configMapKey.path("name").asString())
                    .map(map -> map.path("data").path(configMapKey.path("key").asString()).asString()).orElse("");
        }
        JsonNode secretKey = env.at("/valueFrom/secretKeyRef");
        if (!secretKey.isMissingNode()) {
            String key = secretKey.path("key").asString();
            return find(cluster, "Secret", namespace, secretKey.path("name").asString()).map(secret -> {
                JsonNode plain = secret.path("stringData").path(key);
                if (plain.isString()) {
                    return plain.stringValue();
                }
                JsonNode encoded = secret.path("data").path(key);
                return encoded.isString()
                        ? new String(Base64.getDecoder().decode(encoded.stringValue()), StandardCharsets.UTF_8) : "";
            }).orElse("");
        }
        return "";
    }

    private static Optional<String> host(String value) {
        Matcher url = URL_HOST.matcher(value);
        if (url.find()) {
            return Optional.of(url.group(1));
        }
        Matcher hostPort = HOST_PORT.matcher(value);
        return hostPort.matches() ? Optional.of(hostPort.group(1)) : Optional.empty();
    }

    private Optional<ObjectNode> find(String cluster, String kind, String namespace, String name) {
        return objects(cluster).stream()
                .filter(o -> Gvk.of(o).kind().equals(kind) && namespace(o).equals(namespace) && name(o).equals(name))
                .findFirst();
    }

    /** Whether the pod spec names {@code name} in an env key ref, an envFrom ref or a volume. */
    private static boolean references(JsonNode pod, String keyRef, String envFromRef, String volumeField, String name) {
        for (JsonNode container : containers(pod)) {
            for (JsonNode env : container.path("env")) {
                if (env.path("valueFrom").path(keyRef).path("name").asString().equals(name)) {
                    return true;
                }
            }
            for (JsonNode source : container.path("envFrom")) {
                if (source.path(envFromRef).path("name").asString().equals(name)) {
                    return true;
                }
            }
        }
        String nameField = volumeField.equals("secret") ? "secretName" : "name";
        for (JsonNode volume : pod.path("volumes")) {
            if (volume.path(volumeField).path(nameField).asString().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> claims(JsonNode pod) {
        Set<String> claims = new LinkedHashSet<>();
        pod.path("volumes").forEach(volume -> {
            JsonNode claim = volume.path("persistentVolumeClaim").path("claimName");
            if (claim.isString()) {
                claims.add(claim.stringValue());
            }
        });
        return claims;
    }

    private static List<JsonNode> containers(JsonNode pod) {
        List<JsonNode> containers = new ArrayList<>();
        pod.path("initContainers").forEach(containers::add);
        pod.path("containers").forEach(containers::add);
        return containers;
    }

    private static String name(JsonNode object) {
        return object.path("metadata").path("name").asString();
    }

    private static String namespace(JsonNode object) {
        return object.path("metadata").path("namespace").asString();
    }
}
