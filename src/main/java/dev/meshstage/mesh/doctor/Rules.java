package dev.meshstage.mesh.doctor;

import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.PodFact;
import dev.meshstage.mesh.model.WorkloadFact;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Small shapes the checks share: one finding per answering cluster, the workload a pod belongs to. */
final class Rules {

    private Rules() {
    }

    /** The rule applied to every cluster that answered (the contexts check speaks for the others). */
    static List<Finding> eachCluster(DoctorInput in, Function<ClusterFacts, Finding> rule) {
        return in.reachable().stream().map(rule).toList();
    }

    /** The rule's findings for every answering cluster, none meaning ok for that cluster. */
    static List<Finding> eachClusterMany(DoctorInput in, Function<ClusterFacts, List<Finding>> rule) {
        List<Finding> out = new ArrayList<>();
        for (ClusterFacts c : in.reachable()) {
            List<Finding> found = rule.apply(c);
            out.addAll(found.isEmpty() ? List.of(Finding.ok(c.name())) : found);
        }
        return out;
    }

    /** The workload whose selector the pod matches ({@code product} for {@code product-7d9…}). */
    static Optional<WorkloadFact> owner(ClusterFacts c, PodFact p) {
        return c.workloads().stream().filter(w -> w.namespace().equals(p.namespace()) && p.matches(w.selector())).findFirst();
    }

    static String ownerName(ClusterFacts c, PodFact p) {
        return owner(c, p).map(WorkloadFact::name).orElse(p.name());
    }

    /** {@code deployment/product}, as kubectl names it. */
    static String kubeRef(WorkloadFact w) {
        return w.kind().kubeKind().toLowerCase(java.util.Locale.ROOT) + "/" + w.name();
    }

    /** The app commands that deploy a cluster's manifests: the first cluster gets all of Simple Buy. */
    static String appDeploy(DoctorInput in, String cluster) {
        boolean first = !in.workshop().clusters().isEmpty() && in.workshop().clusters().get(0).name().equals(cluster);
        return first ? "app deploy" : "app deploy --cluster " + cluster;
    }

    static String shortFingerprint(String fingerprint) {
        return fingerprint == null ? "-" : fingerprint.length() > 11 ? fingerprint.substring(0, 11) + "…" : fingerprint;
    }
}
