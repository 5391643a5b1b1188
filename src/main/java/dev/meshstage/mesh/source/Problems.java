package dev.meshstage.mesh.source;

import dev.meshstage.kube.ApiErrors;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** A one-line reason for a failed read, in terms of what the user can do about it. */
public final class Problems {

    private Problems() {
    }

    public static String explain(RuntimeException e) {
        if (e instanceof KubernetesClientException k) {
            return ApiErrors.explain(k);
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (ApiErrors.timedOut(root)) {
            return ApiErrors.explain(new KubernetesClientException("timed out", root));
        }
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return msg.lines().findFirst().orElse(msg);
    }
}
