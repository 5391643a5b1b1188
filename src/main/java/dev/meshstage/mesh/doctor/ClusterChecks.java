package dev.meshstage.mesh.doctor;

import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.NodeFact;
import dev.meshstage.workshop.Cidr;

import java.util.ArrayList;
import java.util.List;

/** clusters: nodes ready and laid out as the workshop promises, subnets that do not collide. */
final class ClusterChecks {

    private ClusterChecks() {
    }

    static final List<Check> CHECKS = List.of(
            new Check("nodes-ready", Category.CLUSTERS, "every node is Ready", ClusterChecks::nodesReady),
            new Check("node-layout", Category.CLUSTERS, "1 control plane + 2 workers per cluster, as the README says",
                    ClusterChecks::layout),
            new Check("subnets-distinct", Category.CLUSTERS, "pod and service subnets differ between clusters",
                    ClusterChecks::subnets));

    static List<Finding> nodesReady(DoctorInput in) {
        return Rules.eachCluster(in, c -> {
            if (c.nodes().isEmpty()) {
                return Finding.fail(c.name(), "no nodes", "cluster delete " + c.name() + "; cluster create " + c.name());
            }
            List<String> notReady = c.nodes().stream().filter(n -> !n.ready()).map(NodeFact::name).toList();
            return notReady.isEmpty() ? Finding.ok(c.name())
                    : Finding.fail(c.name(), "not Ready: " + String.join(", ", notReady),
                            "kubectl describe node " + notReady.get(0) + " " + DoctorInput.ctx(c));
        });
    }

    static List<Finding> layout(DoctorInput in) {
        List<Finding> out = new ArrayList<>();
        for (WorkshopExpectations.ClusterExpectation p : in.workshop().clusters()) {
            if (p.kindConfig() == null) {
                out.add(Finding.skipped(p.name(), "attached: its nodes are its own, not a kind config's"));
                continue;
            }
            if (p.workers() < WorkshopExpectations.WORKERS_PROMISED) {
                out.add(Finding.warn(p.name(), p.kindConfig() + " plans " + p.controlPlanes() + " control plane and "
                        + (p.workers() == 0 ? "no workers" : p.workers() + " worker" + (p.workers() == 1 ? "" : "s"))
                        + " (workers commented out?); the workshop README promises 1 control plane + 2 workers",
                        "uncomment the worker nodes in " + p.kindConfig() + ", then: cluster delete " + p.name()
                                + "; cluster create " + p.name()));
                continue;
            }
            in.model().cluster(p.name()).filter(ClusterFacts::reachable).ifPresentOrElse(c -> {
                int planned = p.controlPlanes() + p.workers();
                out.add(c.nodes().size() == planned ? Finding.ok(c.name())
                        : Finding.warn(c.name(), c.nodes().size() + " nodes, but " + p.kindConfig() + " plans " + planned
                                + ": the cluster was made from another config",
                                "cluster delete " + c.name() + "; cluster create " + c.name()));
            }, () -> out.add(Finding.ok(p.name())));
        }
        return out;
    }

    static List<Finding> subnets(DoctorInput in) {
        List<Finding> out = new ArrayList<>();
        List<WorkshopExpectations.ClusterExpectation> plans = in.workshop().clusters();
        for (int i = 0; i < plans.size(); i++) {
            for (int j = i + 1; j < plans.size(); j++) {
                var a = plans.get(i);
                var b = plans.get(j);
                for (String[] kind : new String[][] {{"podSubnet", a.podSubnet(), b.podSubnet()},
                        {"serviceSubnet", a.serviceSubnet(), b.serviceSubnet()}}) {
                    if (overlap(kind[1], kind[2])) {
                        out.add(Finding.fail(null, a.name() + " and " + b.name() + " share " + kind[0] + " " + kind[1]
                                + " / " + kind[2] + ": an address would mean a pod in either cluster",
                                "give each cluster its own " + kind[0] + " in configs/kind/, then recreate the clusters"));
                    }
                }
            }
        }
        return out.isEmpty() ? List.of(Finding.ok(null)) : out;
    }

    private static boolean overlap(String a, String b) {
        try {
            return a != null && b != null && Cidr.parse(a).overlaps(Cidr.parse(b));
        } catch (RuntimeException e) {
            return false;
        }
    }
}
