package dev.meshstage.workflow;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;

/**
 * Reads the facts the state machine needs from one cluster's API (a few small reads; it never writes).
 * The one place in this package that knows the API client.
 */
final class ClusterFactsReader {

    static final String APP_NAMESPACE = "simple-buy";

    private ClusterFactsReader() {
    }

    static ClusterFacts read(String cluster, KubernetesClient client) {
        int nodes = client.nodes().list().getItems().size();
        if (nodes == 0) {
            return new ClusterFacts(cluster, true, 0, false, false, List.of(), 0, null);
        }
        boolean metallb = available(client, "metallb-system", "controller");
        boolean istiod = available(client, "istio-system", "istiod");
        List<String> remotes = client.secrets().inNamespace("istio-system").withLabel("istio/multiCluster", "true").list()
                .getItems().stream().map(ClusterFactsReader::remoteCluster).sorted().toList();
        int workloads = client.apps().deployments().inNamespace(APP_NAMESPACE).list().getItems().size()
                + client.apps().statefulSets().inNamespace(APP_NAMESPACE).list().getItems().size();
        return new ClusterFacts(cluster, true, nodes, metallb, istiod, remotes, workloads, null);
    }

    /** istioctl's remote secrets name their cluster in an annotation; the name's suffix otherwise. */
    private static String remoteCluster(Secret s) {
        var annotations = s.getMetadata().getAnnotations();
        if (annotations != null && annotations.containsKey("networking.istio.io/cluster")) {
            return annotations.get("networking.istio.io/cluster");
        }
        return s.getMetadata().getName().replaceFirst("^istio-remote-secret-", "");
    }

    private static boolean available(KubernetesClient client, String namespace, String deployment) {
        Deployment d = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
        return d != null && d.getStatus() != null && d.getStatus().getAvailableReplicas() != null
                && d.getStatus().getAvailableReplicas() > 0;
    }
}
