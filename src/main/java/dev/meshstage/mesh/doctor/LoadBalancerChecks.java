package dev.meshstage.mesh.doctor;

import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.MeshParts;
import dev.meshstage.mesh.model.NodeFact;
import dev.meshstage.mesh.model.ServiceFact;
import dev.meshstage.workshop.Cidr;
import dev.meshstage.workshop.Ipv4Range;

import java.util.ArrayList;
import java.util.List;

/** load balancer: MetalLB running, its pools where the node network can reach them, and addresses handed out. */
final class LoadBalancerChecks {

    private LoadBalancerChecks() {
    }

    static final List<Check> CHECKS = List.of(
            new Check("metallb-ready", Category.LOAD_BALANCER, "MetalLB's controller and speakers are running",
                    LoadBalancerChecks::ready),
            new Check("metallb-pools", Category.LOAD_BALANCER, "address pools lie inside the node network",
                    LoadBalancerChecks::pools),
            new Check("pools-disjoint", Category.LOAD_BALANCER, "the clusters' pools do not overlap", LoadBalancerChecks::disjoint),
            new Check("speaker-nodes", Category.LOAD_BALANCER, "a node may announce load-balancer addresses",
                    LoadBalancerChecks::speakerNodes),
            new Check("lb-addresses", Category.LOAD_BALANCER, "every LoadBalancer Service has an address",
                    LoadBalancerChecks::addresses));

    static List<Finding> ready(DoctorInput in) {
        return Rules.eachCluster(in, c -> {
            MeshParts.MetalLbFact m = c.mesh().metallb();
            if (m == null) {
                return Finding.fail(c.name(), "MetalLB is not installed: LoadBalancer Services stay <pending>",
                        "lb install --cluster " + c.name());
            }
            return m.ready() ? Finding.ok(c.name())
                    : Finding.fail(c.name(), "controller " + (m.controllerReady() ? "ready" : "not ready") + ", speakers "
                            + m.speakersReady() + "/" + m.speakersDesired() + " ready",
                            "kubectl get pods -n metallb-system " + DoctorInput.ctx(c));
        });
    }

    static List<Finding> pools(DoctorInput in) {
        return Rules.eachCluster(in, c -> {
            MeshParts.MetalLbFact m = c.mesh().metallb();
            if (m == null) {
                return Finding.skipped(c.name(), "MetalLB not installed");
            }
            if (m.pools().isEmpty()) {
                return Finding.fail(c.name(), "no IPAddressPool in metallb-system: MetalLB has nothing to assign",
                        "lb install --cluster " + c.name());
            }
            if (c.nodeSubnet() == null) {
                return Finding.skipped(c.name(), "the backend cannot tell the node network");
            }
            Cidr subnet = Cidr.parse(c.nodeSubnet());
            for (MeshParts.PoolFact pool : m.pools()) {
                for (String range : pool.addresses()) {
                    if (!inside(subnet, range)) {
                        return Finding.fail(c.name(), "pool " + pool.name() + " " + range + " lies outside the node network "
                                + c.nodeSubnet() + ": the address is assigned, but no node answers for it (connections to "
                                + "the east-west gateway time out)", "lb install --cluster " + c.name()
                                + " (fits the pools of configs/metallb/ into the node network)");
                    }
                }
            }
            return Finding.ok(c.name());
        });
    }

    private static boolean inside(Cidr subnet, String range) {
        try {
            return subnet.contains(Ipv4Range.parse(range));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static List<Finding> disjoint(DoctorInput in) {
        List<Finding> out = new ArrayList<>();
        List<ClusterFacts> cs = in.reachable().stream().filter(c -> c.mesh().metallb() != null).toList();
        if (cs.size() < 2) {
            return List.of(Finding.skipped(null, "fewer than two clusters have MetalLB"));
        }
        for (int i = 0; i < cs.size(); i++) {
            for (int j = i + 1; j < cs.size(); j++) {
                for (String a : ranges(cs.get(i))) {
                    for (String b : ranges(cs.get(j))) {
                        if (overlap(a, b)) {
                            out.add(Finding.fail(null, cs.get(i).name() + "'s pool " + a + " overlaps " + cs.get(j).name()
                                    + "'s " + b + ": both clusters share one node network, so two Services could get one address",
                                    "give each cluster its own range in configs/metallb/, then lb install"));
                        }
                    }
                }
            }
        }
        return out.isEmpty() ? List.of(Finding.ok(null)) : out;
    }

    private static List<String> ranges(ClusterFacts c) {
        return c.mesh().metallb().pools().stream().flatMap(p -> p.addresses().stream()).toList();
    }

    private static boolean overlap(String a, String b) {
        try {
            return Ipv4Range.parse(a).overlaps(Ipv4Range.parse(b));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static List<Finding> speakerNodes(DoctorInput in) {
        return Rules.eachCluster(in, c -> {
            if (c.mesh().metallb() == null || c.nodes().isEmpty()) {
                return Finding.skipped(c.name(), "MetalLB not installed");
            }
            boolean any = c.nodes().stream().anyMatch(n -> n.ready() && !n.excludedFromLoadBalancers());
            String first = c.nodes().stream().filter(NodeFact::excludedFromLoadBalancers).map(NodeFact::name).findFirst().orElse("NODE");
            return any ? Finding.ok(c.name())
                    : Finding.fail(c.name(), "every ready node is labelled node.kubernetes.io/exclude-from-external-load-balancers:"
                            + " no speaker announces the addresses", "kubectl label node " + first
                            + " node.kubernetes.io/exclude-from-external-load-balancers- " + DoctorInput.ctx(c));
        });
    }

    static List<Finding> addresses(DoctorInput in) {
        return Rules.eachCluster(in, c -> {
            List<String> pending = c.services().stream().filter(ServiceFact::pending)
                    .map(s -> s.namespace() + "/" + s.name()).toList();
            return pending.isEmpty() ? Finding.ok(c.name())
                    : Finding.fail(c.name(), "EXTERNAL-IP <pending>: " + String.join(", ", pending),
                            c.mesh().metallb() == null ? "lb install --cluster " + c.name()
                                    : "kubectl get ipaddresspools -n metallb-system " + DoctorInput.ctx(c)
                                            + " (a pool with free addresses), or lb install --cluster " + c.name());
        });
    }
}
