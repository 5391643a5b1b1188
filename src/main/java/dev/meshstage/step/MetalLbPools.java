package dev.meshstage.step;

import dev.meshstage.error.BackendException;
import dev.meshstage.workshop.Cidr;
import dev.meshstage.workshop.Ipv4Range;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The workshop's MetalLB pools moved into the node network the clusters really got. The files are written
 * for kind's usual docker network (172.18.0.0/16), but docker picks whatever subnet is free, and L2
 * addresses outside it are never reached (ARP happens on that bridge). The workshop's script rewrote the
 * files in place with sed; here the files stay as they are and only the applied objects change: each
 * address keeps its host part, so 172.18.255.1-172.18.255.100 in 172.19.0.0/16 becomes
 * 172.19.255.1-172.19.255.100. A pure function, so it can be checked against any detected subnet.
 */
public final class MetalLbPools {

    /** kind's docker networks come from docker's default pools, which hand out /16s; the files assume one. */
    private static final int FILE_NETWORK_PREFIX = 16;

    /** One cluster's MetalLB file as read from disk. */
    public record Source(String cluster, String file, List<ObjectNode> objects) {
    }

    /** One IPAddressPool: the addresses the file wrote and the ones that will be applied. */
    public record Pool(String name, List<String> written, List<String> applied) {
        public boolean moved() {
            return !written.equals(applied);
        }
    }

    /** What to apply on one cluster (the file's objects, pools fitted) and the pools it holds. */
    public record Fitted(String cluster, String file, List<ObjectNode> objects, List<Pool> pools) {
    }

    private record Placed(String cluster, String file, String pool, Ipv4Range range) {
    }

    private MetalLbPools() {
    }

    /**
     * Fits every source's pools into {@code subnet}; all clusters at once, since they share the node
     * network and no address may belong to two pools.
     *
     * @throws BackendException naming the file when a pool cannot be fitted or two pools overlap
     */
    public static List<Fitted> fit(List<Source> sources, Cidr subnet) {
        List<Fitted> out = new ArrayList<>();
        List<Placed> placed = new ArrayList<>();
        for (Source source : sources) {
            List<ObjectNode> objects = new ArrayList<>();
            List<Pool> pools = new ArrayList<>();
            for (ObjectNode original : source.objects()) {
                ObjectNode object = original.deepCopy();
                objects.add(object);
                if (!object.path("kind").asString("").equals("IPAddressPool")) {
                    continue;
                }
                String name = object.path("metadata").path("name").asString("");
                List<String> written = new ArrayList<>();
                List<String> applied = new ArrayList<>();
                JsonNode addresses = object.path("spec").path("addresses");
                if (!addresses.isArray() || addresses.isEmpty()) {
                    throw new BackendException(source.file() + ": pool " + name + " has no spec.addresses; add a range inside " + subnet);
                }
                ArrayNode fittedAddresses = ((ObjectNode) object.path("spec")).putArray("addresses");
                for (JsonNode address : addresses) {
                    String text = address.asString("").trim();
                    String moved = fitOne(source, name, text, subnet);
                    written.add(text);
                    applied.add(moved);
                    fittedAddresses.add(moved);
                    Placed here = new Placed(source.cluster(), source.file(), name, Ipv4Range.parse(moved));
                    for (Placed other : placed) {
                        if (other.range().overlaps(here.range())) {
                            throw new BackendException(source.file() + ": pool " + name + " " + here.range() + overlapsWording(other)
                                    + (subnet.contains(Ipv4Range.parse(text)) ? "" : " once both are fitted into " + subnet)
                                    + "; give each pool its own range");
                        }
                    }
                    placed.add(here);
                }
                pools.add(new Pool(name, List.copyOf(written), List.copyOf(applied)));
            }
            out.add(new Fitted(source.cluster(), source.file(), List.copyOf(objects), List.copyOf(pools)));
        }
        return List.copyOf(out);
    }

    private static String overlapsWording(Placed other) {
        return " overlaps pool " + other.pool() + " " + other.range() + " of " + other.cluster() + " (" + other.file() + ")";
    }

    /** One address entry (range or CIDR) in its fitted form, written the way the file wrote it. */
    private static String fitOne(Source source, String pool, String text, Cidr subnet) {
        Ipv4Range range;
        try {
            range = Ipv4Range.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BackendException(source.file() + ": pool " + pool + " address " + e.getMessage());
        }
        if (subnet.contains(range)) {
            return text; // already where the nodes are (a file written for this network)
        }
        // the host part the file meant is the part below its /16; the subnet must have room for it
        long hostMask = (1L << (32 - FILE_NETWORK_PREFIX)) - 1;
        if ((range.last() & hostMask) >= subnet.size() || range.size() > subnet.size()) {
            throw new BackendException(source.file() + ": pool " + pool + " " + text + " cannot be fitted into the node network "
                    + subnet + ": its host part " + hostPart(range.first(), hostMask) + "-" + hostPart(range.last(), hostMask)
                    + " needs a /" + FILE_NETWORK_PREFIX + "; write a range inside " + subnet + " in that file");
        }
        Ipv4Range fitted = range.fitInto(subnet);
        if (text.contains("/")) {
            return Ipv4Range.formatAddress(fitted.first()) + text.substring(text.indexOf('/'));
        }
        return fitted.toString();
    }

    /** {@code .255.1} for 172.18.255.1 in a /16: how people write the host part. */
    private static String hostPart(long address, long hostMask) {
        long host = address & hostMask;
        return "." + (host >> 8) + "." + (host & 0xFF);
    }
}
