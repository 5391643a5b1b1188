package dev.meshstage.step;

import dev.meshstage.error.UsageException;
import dev.meshstage.workshop.Cidr;
import dev.meshstage.workshop.Ipv4Range;

import java.util.List;

/**
 * The address pool a user gives {@code lb install --pool} for an attached cluster with no load balancer: there is
 * no docker network to fit the workshop's pool into, so the user names addresses on the nodes' network. The API
 * gives the nodes' addresses and pod ranges but not their network's prefix length, so the checks are what can be
 * known: the text parses, the addresses are ones MetalLB could announce, no node or pod has one, and there are
 * enough for the mesh's two gateways. Pure: every refusal is one line, before anything is applied.
 */
public record GivenPool(String text, Ipv4Range range) {

    /** The ingress gateway and the east-west gateway each take a LoadBalancer address. */
    static final int ADDRESSES_NEEDED = 2;

    private static final List<Reserved> RESERVED = List.of(
            new Reserved(Cidr.parse("0.0.0.0/8"), "'this network' (0.0.0.0/8)"),
            new Reserved(Cidr.parse("127.0.0.0/8"), "loopback (127.0.0.0/8)"),
            new Reserved(Cidr.parse("169.254.0.0/16"), "link-local (169.254.0.0/16)"),
            new Reserved(Cidr.parse("224.0.0.0/4"), "multicast (224.0.0.0/4)"),
            new Reserved(Cidr.parse("240.0.0.0/4"), "reserved (240.0.0.0/4)"));

    private record Reserved(Cidr cidr, String what) {
    }

    /** A node as the API shows it: its addresses and the pod ranges it was given. */
    public record NodeAddresses(String name, List<String> addresses, List<String> podCidrs) {
    }

    /** Parses {@code a.b.c.d-e.f.g.h} or {@code a.b.c.d/n}, the forms MetalLB's IPAddressPool takes. */
    public static GivenPool parse(String text) {
        String value = text == null ? "" : text.strip();
        if (value.isEmpty()) {
            throw new UsageException("--pool needs addresses on the nodes' network: a range a.b.c.d-e.f.g.h or a CIDR a.b.c.d/n");
        }
        try {
            return new GivenPool(value, Ipv4Range.parse(value));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--pool " + value + ": " + e.getMessage() + "; give a range a.b.c.d-e.f.g.h or a CIDR a.b.c.d/n"
                    + " on the nodes' network");
        }
    }

    /** Refuses a pool MetalLB could not serve on {@code cluster} from these nodes. */
    public void checkAgainst(String cluster, List<NodeAddresses> nodes) {
        for (Reserved r : RESERVED) {
            if (r.cidr().overlaps(range)) {
                throw new UsageException("--pool " + text + " reaches into " + r.what() + ", which no node network holds; give"
                        + " addresses on the network of " + cluster + "'s nodes" + nodeHint(nodes));
            }
        }
        if (range.size() < ADDRESSES_NEEDED) {
            throw new UsageException("--pool " + text + " holds " + range.size() + " address; the mesh needs " + ADDRESSES_NEEDED
                    + " on " + cluster + " (the ingress and the east-west gateway)");
        }
        for (NodeAddresses node : nodes) {
            for (String address : node.addresses()) {
                long a;
                try {
                    a = Ipv4Range.parseAddress(address);
                } catch (IllegalArgumentException e) {
                    continue; // an IPv6 or host-name address cannot collide with an IPv4 pool
                }
                if (range.contains(a)) {
                    throw new UsageException("--pool " + text + " holds " + address + ", the address of node " + node.name()
                            + "; give addresses no node or other host of that network uses");
                }
            }
            for (String podCidr : node.podCidrs()) {
                Cidr pods;
                try {
                    pods = Cidr.parse(podCidr);
                } catch (IllegalArgumentException e) {
                    continue; // an IPv6 pod range
                }
                if (pods.overlaps(range)) {
                    throw new UsageException("--pool " + text + " overlaps " + podCidr + ", the pod range of node " + node.name()
                            + "; give addresses on the nodes' network, outside the pods'");
                }
            }
        }
    }

    private static String nodeHint(List<NodeAddresses> nodes) {
        return nodes.stream().flatMap(n -> n.addresses().stream()).filter(a -> a.matches("[0-9.]+")).findFirst()
                .map(a -> " (a node there has " + a + ")").orElse("");
    }
}
