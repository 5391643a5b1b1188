package dev.meshstage.mesh;

import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.ContainerIssue;
import dev.meshstage.mesh.model.PodFact;
import dev.meshstage.mesh.model.WorkloadFact;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The app's workloads in one cluster, out of its model: Deployments and StatefulSets of a namespace, each with its
 * pods (matched by the workload's selector), so a stuck pod says why — the waiting reason and message the kubelet
 * wrote, e.g. {@code ImagePullBackOff: Back-off pulling image "…"}. Pure.
 */
public final class AppWorkloads {

    private AppWorkloads() {
    }

    /** Workloads sorted by name; empty when the namespace does not exist or the cluster did not answer. */
    public static List<AppWorkload> of(ClusterFacts cluster, String namespace) {
        List<PodFact> pods = cluster.podsIn(namespace).stream().filter(p -> !"Terminating".equals(p.status())).toList();
        return cluster.workloads().stream()
                .filter(w -> w.namespace().equals(namespace) && w.kind() != WorkloadFact.Kind.DAEMONSET)
                .map(w -> describe(cluster.name(), w, pods.stream().filter(p -> p.matches(w.selector())).toList()))
                .sorted(Comparator.comparing(AppWorkload::name)).toList();
    }

    private static AppWorkload describe(String cluster, WorkloadFact w, List<PodFact> pods) {
        int ready = (int) pods.stream().filter(PodFact::ready).count();
        int restarts = pods.stream().mapToInt(PodFact::restarts).sum();
        // the least healthy pod speaks for the workload: that is the one worth looking at
        PodFact shown = pods.stream().filter(p -> !p.ready()).findFirst().orElse(pods.isEmpty() ? null : pods.get(0));
        String status = shown == null ? (w.desired() == 0 ? "ScaledToZero" : "NoPods") : shown.status();
        String containers = shown == null ? "-" : shown.readyContainers() + "/" + shown.containers();
        boolean sidecar = shown != null ? shown.sidecar() : w.containers().contains(PodFact.SIDECAR_CONTAINER);
        List<String> reasons = new ArrayList<>();
        for (PodFact p : pods) {
            if (!p.ready()) {
                reasons.add("pod " + p.name() + ": " + why(p));
            }
        }
        if (pods.isEmpty() && w.desired() > 0) {
            reasons.add(w.observed() ? "no pods created yet (look at the events: kubectl get events -n " + w.namespace() + ")"
                    : "the controller has not seen the latest spec yet");
        }
        return new AppWorkload(cluster, w.namespace(), w.name(), w.kind().kubeKind(), ready, w.desired(), containers, restarts,
                status, sidecar, w.appImage(), reasons);
    }

    /** The first container that is waiting for a reason other than its turn, with the kubelet's message. */
    static String why(PodFact pod) {
        for (ContainerIssue c : pod.unready()) {
            if (c.stuck()) {
                return "container " + c.name() + " (" + c.image() + ") " + c.reason()
                        + (c.message() == null ? "" : ": " + c.message());
            }
        }
        List<String> unready = pod.unready().stream().map(ContainerIssue::name).toList();
        return unready.isEmpty() ? pod.status() : pod.status() + " (not ready: " + String.join(", ", unready) + ")";
    }
}
