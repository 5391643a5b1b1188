package dev.meshstage.backend.sim;

import dev.meshstage.error.BackendException;
import dev.meshstage.backend.RemoteClusterStatus;
import dev.meshstage.backend.sim.controller.RemoteClusters;
import dev.meshstage.backend.sim.store.FieldSelector;
import dev.meshstage.backend.sim.store.LabelSelector;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the sim's data plane reads straight from a cluster's store, where no routing is involved: a pod, its proxy,
 * a Service's ready endpoints (kube-proxy's view), istiod's remote clusters.
 */
final class StoreReads {

    static final String ISTIO_SYSTEM = "istio-system";

    /** A ready endpoint of a Service: a pod and the port it serves the Service's port on. */
    record Endpoint(String cluster, String namespace, String pod, String ip, int port) {
    }

    private final Function<String, SimCluster> clusters;

    StoreReads(Function<String, SimCluster> clusters) {
        this.clusters = clusters;
    }

    ObjectStore store(String cluster) {
        return clusters.apply(cluster).store();
    }

    SimCluster cluster(String cluster) {
        return clusters.apply(cluster);
    }

    ObjectNode pod(String cluster, String ns, String pod) {
        ObjectStore store = store(cluster);
        return store.find(type(store, "v1", "Pod"), ns, pod);
    }

    /** Ready endpoints of a Service in one cluster (for one named port, or the first port when null), by pod name. */
    List<Endpoint> endpoints(String cluster, String ns, String service, String portName) {
        ObjectStore store;
        try {
            store = store(cluster);
        } catch (BackendException gone) {
            return List.of();
        }
        List<Endpoint> out = new ArrayList<>();
        ResourceType slices = store.registry().require("discovery.k8s.io/v1", "EndpointSlice");
        for (ObjectNode slice : store.list(slices, ns, LabelSelector.parse("kubernetes.io/service-name=" + service),
                FieldSelector.parse("")).items()) {
            int port = -1;
            for (JsonNode p : slice.path("ports")) {
                if (portName == null && port < 0 || portName != null && p.path("name").asString("").equals(portName)) {
                    port = p.path("port").asInt();
                }
            }
            if (port < 0) {
                continue;
            }
            for (JsonNode e : slice.path("endpoints")) {
                if (!e.path("conditions").path("ready").asBoolean(true) || !"Pod".equals(e.path("targetRef").path("kind").asString(""))) {
                    continue;
                }
                out.add(new Endpoint(cluster, ns, e.path("targetRef").path("name").asString(), e.path("addresses").path(0).asString(""), port));
            }
        }
        out.sort((a, b) -> a.pod().compareTo(b.pod()));
        return out;
    }

    /** The clusters istiod of {@code cluster} reads, as its controller reports them. */
    List<RemoteClusterStatus> remoteClusters(String cluster) {
        ObjectStore store = store(cluster);
        ObjectNode cm = store.find(type(store, "v1", "ConfigMap"), ISTIO_SYSTEM, RemoteClusters.CONFIGMAP);
        if (cm == null) {
            return List.of();
        }
        Map<String, String> data = new LinkedHashMap<>();
        cm.path("data").properties().forEach(e -> data.put(e.getKey(), e.getValue().asString()));
        return RemoteClusters.parse(cluster, data);
    }

    static JsonNode proxy(JsonNode pod) {
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode c : pod.path("spec").path(list)) {
                if (c.path("name").asString().equals("istio-proxy")) {
                    return c;
                }
            }
        }
        return null;
    }

    static boolean istiod(JsonNode pod) {
        return "istiod".equals(pod.path("metadata").path("labels").path("app").asString(""));
    }

    static boolean running(JsonNode pod) {
        return pod.path("status").path("phase").asString("").equals("Running");
    }

    static ResourceType type(ObjectStore store, String apiVersion, String kind) {
        return store.registry().require(apiVersion, kind);
    }
}
