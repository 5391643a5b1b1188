package dev.meshstage.workshop;

/** An IPv4 prefix such as {@code 10.244.0.0/16}: pod and service subnets, the docker network of kind. */
public record Cidr(long network, int prefixLength) {

    public Cidr {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is not within 0-32");
        }
        if ((network & hostMask(prefixLength)) != 0 || network < 0 || network > Ipv4Range.MAX_ADDRESS) {
            throw new IllegalArgumentException(Ipv4Range.formatAddress(network) + "/" + prefixLength + " has host bits set");
        }
    }

    /** Parses {@code a.b.c.d/n}; host bits must be zero, as kubeadm and MetalLB expect. */
    public static Cidr parse(String text) {
        String value = text.trim();
        int slash = value.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("\"" + value + "\" is not a CIDR (expected a.b.c.d/n)");
        }
        long address = Ipv4Range.parseAddress(value.substring(0, slash));
        String prefixText = value.substring(slash + 1);
        if (prefixText.isEmpty() || prefixText.length() > 2 || !prefixText.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("\"" + value + "\" has no valid prefix length (expected /0 to /32)");
        }
        int prefix = Integer.parseInt(prefixText);
        if (prefix > 32) {
            throw new IllegalArgumentException("\"" + value + "\" has prefix length " + prefix + ", more than 32");
        }
        long mask = hostMask(prefix);
        if ((address & mask) != 0) {
            throw new IllegalArgumentException("\"" + value + "\" has host bits set; did you mean "
                    + Ipv4Range.formatAddress(address & ~mask & Ipv4Range.MAX_ADDRESS) + "/" + prefix + "?");
        }
        return new Cidr(address, prefix);
    }

    private static long hostMask(int prefixLength) {
        return (1L << (32 - prefixLength)) - 1;
    }

    long hostMask() {
        return hostMask(prefixLength);
    }

    public long size() {
        return 1L << (32 - prefixLength);
    }

    public Ipv4Range range() {
        return new Ipv4Range(network, network + size() - 1);
    }

    public boolean contains(long address) {
        return range().contains(address);
    }

    public boolean contains(Ipv4Range addresses) {
        return range().contains(addresses);
    }

    public boolean overlaps(Cidr other) {
        return range().overlaps(other.range());
    }

    public boolean overlaps(Ipv4Range addresses) {
        return range().overlaps(addresses);
    }

    /** The n-th address of the prefix, counting from 0 (the network address). */
    public String nth(long n) {
        return range().nth(n);
    }

    @Override
    public String toString() {
        return Ipv4Range.formatAddress(network) + "/" + prefixLength;
    }
}
