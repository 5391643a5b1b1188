package dev.meshstage.mesh;

import dev.meshstage.step.WorkshopStep;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Which workshop step a cluster has reached, read back from the cluster itself (not remembered), so a
 * learner who did a step by hand, or on another machine, is still placed right.
 */
public final class ProgressReader {

    private ProgressReader() {
    }

    public static WorkshopStep read(KubernetesClient client, int nodes) {
        if (nodes == 0) {
            return WorkshopStep.NONE;
        }
        WorkshopStep reached = WorkshopStep.CLUSTER;
        if (!available(client, "metallb-system", "controller")) {
            return reached;
        }
        reached = WorkshopStep.LOAD_BALANCER;
        if (!available(client, "istio-system", "istiod")) {
            return reached;
        }
        reached = WorkshopStep.MESH;
        boolean linked = !client.secrets().inNamespace("istio-system").withLabel("istio/multiCluster", "true")
                .list().getItems().isEmpty();
        if (!linked) {
            return reached;
        }
        reached = WorkshopStep.LINKED;
        boolean app = client.namespaces().withName("simple-buy").get() != null
                && !client.apps().deployments().inNamespace("simple-buy").list().getItems().isEmpty();
        return app ? WorkshopStep.APP : reached;
    }

    private static boolean available(KubernetesClient client, String namespace, String deployment) {
        Deployment d = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
        return d != null && d.getStatus() != null && d.getStatus().getAvailableReplicas() != null
                && d.getStatus().getAvailableReplicas() > 0;
    }

    /** A one-line reason for an API failure, in terms of what the user can do about it. */
    public static String explain(KubernetesClientException e) {
        if (e.getCode() == 401) {
            return "the API server refused the credentials (401): the kubeconfig's token is not valid for this cluster";
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        if (root instanceof java.net.ConnectException || msg.contains("Connection refused")) {
            return "API server not reachable (" + msg + ")";
        }
        return msg.lines().findFirst().orElse(msg);
    }
}
