package dev.meshstage.workshop;

/**
 * An inclusive range of IPv4 addresses, held as unsigned 32-bit values in longs. MetalLB pools are written
 * either as {@code a.b.c.d-e.f.g.h} or as a CIDR; both parse to a range.
 */
public record Ipv4Range(long first, long last) {

    static final long MAX_ADDRESS = 0xFFFF_FFFFL;

    public Ipv4Range {
        if (first < 0 || last > MAX_ADDRESS || first > last) {
            throw new IllegalArgumentException("not an IPv4 range: " + first + "-" + last);
        }
    }

    /** Parses {@code a.b.c.d-e.f.g.h} or {@code a.b.c.d/n}, the two forms MetalLB accepts. */
    public static Ipv4Range parse(String text) {
        String value = text.trim();
        if (value.contains("/")) {
            return Cidr.parse(value).range();
        }
        int dash = value.indexOf('-');
        if (dash < 0) {
            throw new IllegalArgumentException("\"" + value + "\" is neither a range (a.b.c.d-e.f.g.h) nor a CIDR (a.b.c.d/n)");
        }
        long first = parseAddress(value.substring(0, dash).trim());
        long last = parseAddress(value.substring(dash + 1).trim());
        if (first > last) {
            throw new IllegalArgumentException("\"" + value + "\" ends before it starts");
        }
        return new Ipv4Range(first, last);
    }

    public static long parseAddress(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 address");
        }
        long address = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 address");
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 address (octet " + octet + " > 255)");
            }
            address = (address << 8) | octet;
        }
        return address;
    }

    public static String formatAddress(long address) {
        return ((address >> 24) & 0xFF) + "." + ((address >> 16) & 0xFF) + "." + ((address >> 8) & 0xFF) + "." + (address & 0xFF);
    }

    public long size() {
        return last - first + 1;
    }

    public boolean contains(long address) {
        return address >= first && address <= last;
    }

    public boolean contains(Ipv4Range other) {
        return other.first >= first && other.last <= last;
    }

    public boolean overlaps(Ipv4Range other) {
        return first <= other.last && other.first <= last;
    }

    /** The n-th address of the range, counting from 0. */
    public String nth(long n) {
        if (n < 0 || n >= size()) {
            throw new IllegalArgumentException("range " + this + " has no address #" + n + " (it holds " + size() + ")");
        }
        return formatAddress(first + n);
    }

    /**
     * Moves this range into {@code subnet}, keeping each address's host part: 172.18.255.1-172.18.255.100
     * fitted into 172.19.0.0/16 is 172.19.255.1-172.19.255.100. This is how a pool written for kind's usual
     * docker network follows the network docker actually gave kind.
     */
    public Ipv4Range fitInto(Cidr subnet) {
        long hostMask = subnet.hostMask();
        long fittedFirst = subnet.network() | (first & hostMask);
        long fittedLast = subnet.network() | (last & hostMask);
        if (size() > subnet.size() || fittedFirst > fittedLast) {
            throw new IllegalArgumentException("range " + this + " does not fit into " + subnet + " keeping its host part");
        }
        return new Ipv4Range(fittedFirst, fittedLast);
    }

    @Override
    public String toString() {
        return formatAddress(first) + "-" + formatAddress(last);
    }
}
