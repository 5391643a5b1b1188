package dev.meshstage.backend.sim.controller;

import java.util.ArrayList;
import java.util.List;

/**
 * IPv4 addresses the way MetalLB reads an IPAddressPool: each entry is a CIDR (host bits allowed, as Go's
 * {@code net.ParseCIDR} allows them) or an inclusive {@code start-end} range, which MetalLB turns into the
 * smallest list of CIDRs covering it. Errors use MetalLB's wording, since they reach the user verbatim
 * through its webhook.
 */
record MetalLbAddresses(long first, long last) {

    /** The entry as MetalLB's CIDR list, in address order; {@link #cidrs()} names them like MetalLB does. */
    static MetalLbAddresses parse(String entry) {
        String text = entry.trim();
        if (!text.contains("-")) {
            int slash = text.indexOf('/');
            Long address = slash < 0 ? null : address(text.substring(0, slash));
            Integer prefix = slash < 0 ? null : prefix(text.substring(slash + 1));
            if (address == null || prefix == null) {
                throw new IllegalArgumentException("invalid CIDR \"" + text + "\"");
            }
            long size = 1L << (32 - prefix);
            long network = address & ~(size - 1) & 0xFFFF_FFFFL;
            return new MetalLbAddresses(network, network + size - 1);
        }
        String[] ends = text.split("-", 2);
        Long start = address(ends[0].trim());
        if (start == null) {
            throw new IllegalArgumentException("invalid IP range \"" + text + "\": invalid start IP \"" + ends[0] + "\"");
        }
        Long end = address(ends[1].trim());
        if (end == null) {
            throw new IllegalArgumentException("invalid IP range \"" + text + "\": invalid end IP \"" + ends[1] + "\"");
        }
        if (start > end) {
            throw new IllegalArgumentException("invalid IP range \"" + text + "\": start IP \"" + Ipv4.toString(start)
                    + "\" is after the end IP \"" + Ipv4.toString(end) + "\"");
        }
        return new MetalLbAddresses(start, end);
    }

    boolean contains(long address) {
        return address >= first && address <= last;
    }

    /** The covering CIDRs, largest aligned blocks first from the low end (what Go's ipaddr.Summarize gives). */
    List<String> cidrs() {
        List<String> out = new ArrayList<>();
        long at = first;
        while (at <= last) {
            int bits = at == 0 ? 32 : Long.numberOfTrailingZeros(at);
            bits = Math.min(bits, 32);
            while (bits > 0 && at + (1L << bits) - 1 > last) {
                bits--;
            }
            out.add(Ipv4.toString(at) + "/" + (32 - bits));
            at += 1L << bits;
        }
        return out;
    }

    /** Addresses ending in .0 or .255, which some consumer routers drop (pool option avoidBuggyIPs). */
    static boolean buggy(long address) {
        long last = address & 0xFF;
        return last == 0 || last == 255;
    }

    /** An IPv4 address as Go's net.ParseIP takes it, or null. */
    static Long address(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        long value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                return null;
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                return null;
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    private static Integer prefix(String text) {
        if (text.isEmpty() || text.length() > 2 || !text.chars().allMatch(Character::isDigit)) {
            return null;
        }
        int prefix = Integer.parseInt(text);
        return prefix <= 32 ? prefix : null;
    }
}
