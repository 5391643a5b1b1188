package dev.meshstage.mesh.source;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** A one-line reason for a failed read, in terms of what the user can do about it. */
public final class Problems {

    private Problems() {
    }

    public static String explain(RuntimeException e) {
        if (e instanceof KubernetesClientException k && k.getCode() == 401) {
            return "the API server refused the credentials (401): the kubeconfig's token is not valid for this cluster";
        }
        if (!(e instanceof KubernetesClientException)) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return msg.lines().findFirst().orElse(msg);
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
