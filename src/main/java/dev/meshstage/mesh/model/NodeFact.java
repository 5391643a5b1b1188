package dev.meshstage.mesh.model;

import java.util.List;

/**
 * A node: whether kubelet reports it ready, its roles, its address on the node network, and whether MetalLB's
 * speakers skip it ({@code node.kubernetes.io/exclude-from-external-load-balancers}).
 */
public record NodeFact(String name, boolean ready, List<String> roles, String internalIp, boolean excludedFromLoadBalancers) {

    public NodeFact {
        roles = List.copyOf(roles);
    }
}
