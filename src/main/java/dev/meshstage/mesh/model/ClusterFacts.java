package dev.meshstage.mesh.model;

import java.util.List;
import java.util.Optional;

/**
 * One cluster as its API shows it. When the cluster does not answer, {@link #reach} says why and since when, and
 * every list is empty.
 *
 * @param network    the network the workshop plans for this cluster ({@code network1}); what the cluster's labels
 *                   say is in {@link #namespaces} and {@link MeshParts}
 * @param nodeSubnet the node network's IPv4 subnet as the backend reports it, null when unknown
 * @param peerApiServer the API server URL the other clusters' istiods reach this cluster at, as the backend says
 *                   (remote secrets must name it), null when unknown
 */
public record ClusterFacts(String name, String context, String network, Reach reach, String nodeSubnet, String peerApiServer,
        List<NodeFact> nodes, List<NamespaceFact> namespaces, List<PodFact> pods, List<ServiceFact> services,
        List<EndpointFact> endpoints, List<WorkloadFact> workloads, List<IstioGatewayFact> istioGateways,
        List<VirtualServiceFact> virtualServices, MeshParts mesh, List<EventFact> warnings) {

    public ClusterFacts {
        nodes = List.copyOf(nodes);
        namespaces = List.copyOf(namespaces);
        pods = List.copyOf(pods);
        services = List.copyOf(services);
        endpoints = List.copyOf(endpoints);
        workloads = List.copyOf(workloads);
        istioGateways = List.copyOf(istioGateways);
        virtualServices = List.copyOf(virtualServices);
        warnings = List.copyOf(warnings);
    }

    public static ClusterFacts unreachable(String name, String context, String network, Reach reach) {
        return new ClusterFacts(name, context, network, reach, null, null, List.of(), List.of(), List.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), MeshParts.NONE, List.of());
    }

    public boolean reachable() {
        return reach.ok();
    }

    public long nodesReady() {
        return nodes.stream().filter(NodeFact::ready).count();
    }

    public Optional<NamespaceFact> namespace(String name) {
        return namespaces.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public Optional<ServiceFact> service(String namespace, String name) {
        return services.stream().filter(s -> s.namespace().equals(namespace) && s.name().equals(name)).findFirst();
    }

    public Optional<PodFact> pod(String namespace, String name) {
        return pods.stream().filter(p -> p.namespace().equals(namespace) && p.name().equals(name)).findFirst();
    }

    public Optional<WorkloadFact> workload(String namespace, String name) {
        return workloads.stream().filter(w -> w.namespace().equals(namespace) && w.name().equals(name)).findFirst();
    }

    public List<PodFact> podsIn(String namespace) {
        return pods.stream().filter(p -> p.namespace().equals(namespace)).toList();
    }

    public List<EndpointFact> endpointsOf(String namespace, String service) {
        return endpoints.stream().filter(e -> e.namespace().equals(namespace) && e.service().equals(service)).toList();
    }

    /** The network a pod is on, the way istiod decides it: the pod's label, else istio-system's label. */
    public String networkOf(PodFact pod) {
        if (pod.network() != null) {
            return pod.network();
        }
        return namespace("istio-system").map(NamespaceFact::network).orElse(null);
    }
}
