package dev.meshstage.mesh;

import dev.meshstage.kube.ApiErrors;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Reads one cluster's {@link ClusterStatus} through the Kubernetes API; it never writes. */
public final class ClusterStatusReader {

    private ClusterStatusReader() {
    }

    public static ClusterStatus read(String cluster, String context, KubernetesClient client) {
        try {
            // the pod table is the long read: the small ones run beside it
            var podsRead = dev.meshstage.Async.supply(() -> PodTable.read(client));
            List<Node> nodes = client.nodes().list().getItems();
            List<Service> services = client.services().inAnyNamespace().list().getItems();
            int ready = (int) nodes.stream().filter(ClusterStatusReader::nodeReady).count();
            String mesh = mesh(client);
            List<PodTable.Row> pods = joined(podsRead);
            return new ClusterStatus(cluster, context, true, null, ready, nodes.size(), byNamespace(pods),
                    services.stream().map(ClusterStatusReader::serviceLine).toList(),
                    mesh);
        } catch (KubernetesClientException e) {
            return ClusterStatus.unreachable(cluster, context, ApiErrors.explain(e));
        }
    }

    /**
     * One line on the mesh: istiod, the network of istio-system, the remote secrets (the clusters whose endpoints
     * this one discovers). {@code mesh status} has the details. Null before Istio.
     */
    private static String mesh(KubernetesClient client) {
        var istiod = client.apps().deployments().inNamespace("istio-system").withName("istiod").get();
        if (istiod == null) {
            return null;
        }
        boolean ready = istiod.getStatus() != null && istiod.getStatus().getAvailableReplicas() != null
                && istiod.getStatus().getAvailableReplicas() > 0;
        var ns = client.namespaces().withName("istio-system").get();
        String network = ns == null || ns.getMetadata().getLabels() == null ? null
                : ns.getMetadata().getLabels().get("topology.istio.io/network");
        List<String> remotes = client.secrets().inNamespace("istio-system").withLabel("istio/multiCluster", "true").list()
                .getItems().stream().map(s -> s.getMetadata().getAnnotations() == null ? s.getMetadata().getName()
                        : s.getMetadata().getAnnotations().getOrDefault("networking.istio.io/cluster", s.getMetadata().getName()))
                .sorted().toList();
        return "istiod " + (ready ? "ready" : "not ready") + ", network " + (network == null ? "<none>" : network)
                + ", remote clusters " + (remotes.isEmpty() ? "none" : String.join(", ", remotes));
    }

    private static <T> T joined(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof KubernetesClientException k) {
                throw k;
            }
            throw e;
        }
    }

    private static boolean nodeReady(Node n) {
        return n.getStatus() != null && n.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static List<ClusterStatus.NamespacePods> byNamespace(List<PodTable.Row> pods) {
        Map<String, List<PodTable.Row>> grouped = pods.stream().collect(Collectors.groupingBy(PodTable.Row::namespace,
                TreeMap::new, Collectors.toList()));
        List<ClusterStatus.NamespacePods> out = new ArrayList<>();
        grouped.forEach((ns, list) -> {
            int ready = 0;
            int counted = 0;
            List<ClusterStatus.PodProblem> problems = new ArrayList<>();
            for (PodTable.Row p : list) {
                if (p.completed()) {
                    continue;
                }
                counted++;
                if (p.ready()) {
                    ready++;
                } else {
                    problems.add(new ClusterStatus.PodProblem(p.name(), "Running".equals(p.status())
                            ? "Running, " + p.readyContainers() + "/" + p.containers() + " ready" : p.status()));
                }
            }
            out.add(new ClusterStatus.NamespacePods(ns, ready, counted, problems));
        });
        return out;
    }

    private static ClusterStatus.ServiceLine serviceLine(Service s) {
        String type = s.getSpec().getType() == null ? "ClusterIP" : s.getSpec().getType();
        String external;
        var ingress = s.getStatus() == null || s.getStatus().getLoadBalancer() == null ? null
                : s.getStatus().getLoadBalancer().getIngress();
        if ("LoadBalancer".equals(type)) {
            external = ingress == null || ingress.isEmpty() ? "<pending>"
                    : ingress.stream().map(i -> i.getIp() != null ? i.getIp() : i.getHostname()).collect(Collectors.joining(","));
        } else {
            external = s.getSpec().getExternalIPs() == null || s.getSpec().getExternalIPs().isEmpty() ? "<none>"
                    : String.join(",", s.getSpec().getExternalIPs());
        }
        String ports = s.getSpec().getPorts() == null ? "" : s.getSpec().getPorts().stream().map(ClusterStatusReader::port)
                .collect(Collectors.joining(","));
        String clusterIp = s.getSpec().getClusterIP() == null ? "" : s.getSpec().getClusterIP();
        return new ClusterStatus.ServiceLine(s.getMetadata().getNamespace(), s.getMetadata().getName(), type,
                clusterIp, external, ports);
    }

    private static String port(ServicePort p) {
        String proto = p.getProtocol() == null ? "TCP" : p.getProtocol();
        return p.getNodePort() != null ? p.getPort() + ":" + p.getNodePort() + "/" + proto : p.getPort() + "/" + proto;
    }

}
