package dev.meshstage.workflow;

import java.util.List;

/**
 * What the workshop state machine needs to know about one cluster, read from its API (never remembered,
 * so a step done by hand, or from another machine, still counts).
 *
 * @param exists         the backend has the cluster
 * @param nodes          nodes the API lists
 * @param metallbReady   MetalLB's controller is available
 * @param istiodReady    istiod is available
 * @param remoteClusters the clusters this istiod has a remote secret for
 * @param appWorkloads   Deployments and StatefulSets in the app's namespace
 * @param problem        why the cluster's API could not be read (then nothing else is known), else null
 */
public record StepFacts(String cluster, boolean exists, int nodes, boolean metallbReady, boolean istiodReady,
        List<String> remoteClusters, int appWorkloads, String problem) {

    public StepFacts {
        remoteClusters = List.copyOf(remoteClusters);
    }

    public static StepFacts absent(String cluster) {
        return new StepFacts(cluster, false, 0, false, false, List.of(), 0, null);
    }

    public static StepFacts unreadable(String cluster, String problem) {
        return new StepFacts(cluster, true, 0, false, false, List.of(), 0, problem);
    }
}
