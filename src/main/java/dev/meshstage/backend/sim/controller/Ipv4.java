package dev.meshstage.backend.sim.controller;

/** IPv4 address arithmetic on CIDRs such as {@code 10.244.0.0/16}. */
public record Ipv4(long base, int prefix) {

    public static Ipv4 parse(String cidr) {
        String[] parts = cidr.trim().split("/");
        return new Ipv4(toLong(parts[0]) & mask(parts.length > 1 ? Integer.parseInt(parts[1]) : 32),
                parts.length > 1 ? Integer.parseInt(parts[1]) : 32);
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    public static long toLong(String ip) {
        String[] o = ip.trim().split("\\.");
        long v = 0;
        for (String s : o) {
            v = (v << 8) | Integer.parseInt(s);
        }
        return v;
    }

    public static String toString(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }

    public long size() {
        return 1L << (32 - prefix);
    }

    /** The address at offset {@code n} from the network address. */
    public String address(long n) {
        return toString(base + n);
    }

    public long offsetOf(String ip) {
        return toLong(ip) - base;
    }

    public boolean contains(String ip) {
        try {
            long v = toLong(ip);
            return v >= base && v < base + size();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The i-th sub-network of the given prefix length, e.g. the i-th /24 of a /16. */
    public Ipv4 subnet(int i, int newPrefix) {
        return new Ipv4(base + ((long) i << (32 - newPrefix)), newPrefix);
    }

    @Override
    public String toString() {
        return toString(base) + "/" + prefix;
    }
}
