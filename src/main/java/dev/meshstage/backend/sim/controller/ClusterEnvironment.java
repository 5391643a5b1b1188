package dev.meshstage.backend.sim.controller;

import dev.meshstage.workshop.ClusterPlan;

import java.util.List;

/**
 * What the controllers of one simulated cluster need to know beyond its store.
 *
 * @param plan            the cluster plan (name, subnets, nodes)
 * @param seed            seeds every generated name, hash and address
 * @param caPem           the cluster CA certificate (PEM) for kube-root-ca.crt and token secrets
 * @param dockerSubnet    the kind docker network, e.g. {@code 172.18.0.0/16}
 * @param firstNodeHost   host offset of this cluster's first node in the docker network (kind hands out
 *                        addresses in container creation order: cluster1 .2–.4, cluster2 .5–.7)
 */
public record ClusterEnvironment(ClusterPlan plan, long seed, String caPem, String dockerSubnet, int firstNodeHost) {

    public static final String DEFAULT_DOCKER_SUBNET = "172.18.0.0/16";

    /** Environment for {@code plan} as the {@code index}-th of {@code all} clusters created on one kind network. */
    public static ClusterEnvironment of(ClusterPlan plan, List<ClusterPlan> all, long seed, String caPem) {
        int host = 2;
        for (ClusterPlan p : all) {
            if (p.name().equals(plan.name())) {
                break;
            }
            host += p.nodes().size();
        }
        return new ClusterEnvironment(plan, seed, caPem, DEFAULT_DOCKER_SUBNET, host);
    }

    public String clusterName() {
        return plan.name();
    }

    /** The docker-network address of node {@code i} (plan order). */
    public String nodeAddress(int i) {
        return Ipv4.parse(dockerSubnet).address(firstNodeHost + i);
    }

    /** Node {@code i} gets the i-th /24 of the pod subnet. */
    public String podCidr(int i) {
        return Ipv4.parse(plan.podSubnet()).subnet(i, 24).toString();
    }

    public String serviceAddress(int offset) {
        return Ipv4.parse(plan.serviceSubnet()).address(offset);
    }

    public String caPemOrPlaceholder() {
        return caPem != null && !caPem.isBlank() ? caPem
                : "-----BEGIN CERTIFICATE-----\nMIIBmeshstagesimulatedclusterCAplaceholder\n-----END CERTIFICATE-----\n";
    }
}
