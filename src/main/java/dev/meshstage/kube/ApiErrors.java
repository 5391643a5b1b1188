package dev.meshstage.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** API failures in terms of what the user can do about them. */
public final class ApiErrors {

    private ApiErrors() {
    }

    /** A one-line reason for an API failure. */
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
        if (timedOut(root)) {
            return "the API server did not answer in time (a busy machine, or a server still restoring): try again";
        }
        return msg.lines().findFirst().orElse(msg);
    }

    /** A request that got no answer within the client's timeout, whichever layer noticed. */
    public static boolean timedOut(Throwable t) {
        return t instanceof java.util.concurrent.TimeoutException || t instanceof java.io.InterruptedIOException
                || t instanceof java.net.http.HttpTimeoutException;
    }
}
