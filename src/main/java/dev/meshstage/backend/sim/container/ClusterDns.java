package dev.meshstage.backend.sim.container;

import dev.meshstage.backend.sim.store.LabelSelector;
import dev.meshstage.backend.sim.store.FieldSelector;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The cluster's DNS as CoreDNS answers a pod: {@code <service>.<namespace>.svc.cluster.local} is the ClusterIP
 * (a headless Service: the ready endpoints' addresses), {@code <hostname>.<service>.<namespace>.svc.cluster.local}
 * a pod behind a headless Service, {@code a-b-c-d.<namespace>.pod.cluster.local} that address; short names go
 * through the pod's search path ({@code <ns>.svc.cluster.local svc.cluster.local cluster.local}, ndots 5). Names
 * outside the cluster do not resolve: the simulated network has no Internet.
 */
final class ClusterDns {

    static final String DOMAIN = "cluster.local";
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** An answer: the name that matched (after the search path) and its addresses. */
    record Answer(String name, List<String> addresses) {
    }

    private final ObjectStore store;
    private final String namespace;

    ClusterDns(ObjectStore store, String namespace) {
        this.store = store;
        this.namespace = namespace;
    }

    /** The kube-dns ClusterIP (the pods' nameserver). */
    String server() {
        ObjectNode dns = store.find(type("Service"), "kube-system", "kube-dns");
        return dns == null ? "10.96.0.10" : dns.path("spec").path("clusterIP").asString("10.96.0.10");
    }

    static boolean isAddress(String s) {
        return IPV4.matcher(s).matches();
    }

    /** The names the resolver tries for {@code name}, in order. */
    List<String> candidates(String name) {
        if (name.endsWith(".")) {
            return List.of(name.substring(0, name.length() - 1));
        }
        List<String> out = new ArrayList<>();
        long dots = name.chars().filter(c -> c == '.').count();
        if (dots >= 5) {
            out.add(name);
        }
        out.add(name + "." + namespace + ".svc." + DOMAIN);
        out.add(name + ".svc." + DOMAIN);
        out.add(name + "." + DOMAIN);
        if (dots < 5) {
            out.add(name);
        }
        return out;
    }

    Optional<Answer> resolve(String name) {
        if (isAddress(name)) {
            return Optional.of(new Answer(name, List.of(name)));
        }
        if (name.equals("localhost")) {
            return Optional.of(new Answer(name, List.of("127.0.0.1")));
        }
        for (String candidate : candidates(name.toLowerCase(java.util.Locale.ROOT))) {
            List<String> addresses = lookup(candidate);
            if (!addresses.isEmpty()) {
                return Optional.of(new Answer(candidate, addresses));
            }
        }
        return Optional.empty();
    }

    /** The addresses of one fully qualified name, or none. */
    List<String> lookup(String fqdn) {
        String suffix = "." + DOMAIN;
        if (!fqdn.endsWith(suffix)) {
            return List.of();
        }
        String[] labels = fqdn.substring(0, fqdn.length() - suffix.length()).split("\\.");
        if (labels.length == 3 && labels[2].equals("svc")) {
            return serviceAddresses(labels[1], labels[0]);
        }
        if (labels.length == 4 && labels[3].equals("svc")) {
            return podBehind(labels[2], labels[1], labels[0]);
        }
        if (labels.length == 3 && labels[2].equals("pod")) {
            String ip = labels[0].replace('-', '.');
            return isAddress(ip) ? List.of(ip) : List.of();
        }
        return List.of();
    }

    private List<String> serviceAddresses(String ns, String name) {
        ObjectNode svc = store.find(type("Service"), ns, name);
        if (svc == null) {
            return List.of();
        }
        String ip = svc.path("spec").path("clusterIP").asString("");
        if (!ip.isEmpty() && !ip.equals("None")) {
            return List.of(ip);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : endpoints(ns, name)) {
            if (e.path("conditions").path("ready").asBoolean(true)) {
                e.path("addresses").forEach(a -> out.add(a.asString()));
            }
        }
        return out;
    }

    private List<String> podBehind(String ns, String service, String hostname) {
        for (JsonNode e : endpoints(ns, service)) {
            if (e.path("hostname").asString("").equals(hostname)) {
                List<String> out = new ArrayList<>();
                e.path("addresses").forEach(a -> out.add(a.asString()));
                return out;
            }
        }
        for (ObjectNode pod : store.list(type("Pod"), ns)) {
            JsonNode spec = pod.path("spec");
            if (spec.path("hostname").asString("").equals(hostname) && spec.path("subdomain").asString("").equals(service)
                    && !pod.path("status").path("podIP").asString("").isEmpty()) {
                return List.of(pod.path("status").path("podIP").asString());
            }
        }
        return List.of();
    }

    private List<JsonNode> endpoints(String ns, String service) {
        ResourceType slices = store.registry().require("discovery.k8s.io/v1", "EndpointSlice");
        List<JsonNode> out = new ArrayList<>();
        for (ObjectNode s : store.list(slices, ns, LabelSelector.parse("kubernetes.io/service-name=" + service),
                FieldSelector.parse("")).items()) {
            s.path("endpoints").forEach(out::add);
        }
        return out;
    }

    private ResourceType type(String kind) {
        return store.registry().require("v1", kind);
    }
}
