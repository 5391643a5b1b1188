package dev.meshstage.backend.sim;

import java.util.List;

/** The container log lines the sim's kubelet wrote; the API server serves them as {@code pods/log}. */
@FunctionalInterface
public interface PodLogSource {

    /**
     * @param previous the previous (restarted) instance of the container, as {@code kubectl logs -p}
     * @return lines without trailing newlines, oldest first, each prefixed with its RFC3339 timestamp and a
     *         space when {@code timestamps} is set; empty when the container wrote nothing
     */
    List<String> lines(String namespace, String pod, String container, boolean previous, boolean timestamps);

    PodLogSource NONE = (namespace, pod, container, previous, timestamps) -> List.of();
}
