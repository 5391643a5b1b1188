package dev.meshstage.mesh;

import java.util.List;

/**
 * What {@code status} shows for one cluster, read from its API: pure data, rendered as a table for people
 * and as JSON for scripts (the workshop step comes from the workflow, which sees every cluster).
 */
public record ClusterStatus(String cluster, String context, boolean reachable, String problem, int nodesReady,
        int nodesTotal, List<NamespacePods> namespaces, List<ServiceLine> services, String mesh) {

    /** Pods of one namespace: how many are ready, and each pod that is not, with why. */
    public record NamespacePods(String namespace, int ready, int total, List<PodProblem> notReady) {
    }

    public record PodProblem(String pod, String reason) {
    }

    /** A Service with the addresses it answers on. */
    public record ServiceLine(String namespace, String name, String type, String clusterIp, String externalIp,
            String ports) {
    }

    public static ClusterStatus unreachable(String cluster, String context, String problem) {
        return new ClusterStatus(cluster, context, false, problem, 0, 0, List.of(), List.of(), null);
    }
}
