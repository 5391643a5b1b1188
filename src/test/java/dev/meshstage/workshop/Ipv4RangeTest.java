package dev.meshstage.workshop;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Ipv4RangeTest {

    @Test
    void parsesRangesAndCidrs() {
        Ipv4Range range = Ipv4Range.parse(" 172.18.255.1-172.18.255.100 ");
        assertThat(range.size()).isEqualTo(100);
        assertThat(range.toString()).isEqualTo("172.18.255.1-172.18.255.100");
        assertThat(Ipv4Range.parse("10.0.0.0/30")).isEqualTo(Ipv4Range.parse("10.0.0.0-10.0.0.3"));
        assertThat(Ipv4Range.parse("0.0.0.0/0").size()).isEqualTo(1L << 32);
    }

    @Test
    void rejectsWhatMetallbWouldReject() {
        assertThatThrownBy(() -> Ipv4Range.parse("172.18.255.1")).hasMessageContaining("neither a range").hasMessageContaining("nor a CIDR");
        assertThatThrownBy(() -> Ipv4Range.parse("172.18.255.9-172.18.255.1")).hasMessageContaining("ends before it starts");
        assertThatThrownBy(() -> Ipv4Range.parse("172.18.256.1-172.18.255.9")).hasMessageContaining("octet 256 > 255");
        assertThatThrownBy(() -> Ipv4Range.parse("172.18.1-172.18.255.9")).hasMessageContaining("\"172.18.1\" is not an IPv4 address");
        assertThatThrownBy(() -> Ipv4Range.parse("fc00::1-fc00::9")).hasMessageContaining("is not an IPv4 address");
    }

    @Test
    void containsAndOverlaps() {
        Ipv4Range cluster1 = Ipv4Range.parse("172.18.255.1-172.18.255.100");
        Ipv4Range cluster2 = Ipv4Range.parse("172.18.255.101-172.18.255.200");
        assertThat(cluster1.overlaps(cluster2)).isFalse();
        assertThat(cluster2.overlaps(cluster1)).isFalse();
        assertThat(cluster1.overlaps(Ipv4Range.parse("172.18.255.100-172.18.255.101"))).isTrue();
        assertThat(cluster1.overlaps(Ipv4Range.parse("172.18.255.0/24"))).isTrue();
        assertThat(cluster1.contains(Ipv4Range.parseAddress("172.18.255.100"))).isTrue();
        assertThat(cluster1.contains(Ipv4Range.parseAddress("172.18.255.101"))).isFalse();
        assertThat(Ipv4Range.parse("172.18.255.0/24").contains(cluster2)).isTrue();
    }

    @Test
    void nthAddress() {
        Ipv4Range pool = Ipv4Range.parse("172.18.255.101-172.18.255.200");
        assertThat(pool.nth(0)).isEqualTo("172.18.255.101");
        assertThat(pool.nth(99)).isEqualTo("172.18.255.200");
        assertThatThrownBy(() -> pool.nth(100)).hasMessageContaining("has no address #100 (it holds 100)");
    }

    @Test
    void fitsAPoolIntoTheDetectedKindSubnetKeepingTheHostPart() {
        Ipv4Range pool = Ipv4Range.parse("172.18.255.1-172.18.255.100");
        Cidr detected = Cidr.parse("172.19.0.0/16");

        assertThat(detected.contains(pool)).isFalse(); // the pool lies outside the subnet docker gave kind
        Ipv4Range fitted = pool.fitInto(detected);
        assertThat(fitted.toString()).isEqualTo("172.19.255.1-172.19.255.100");
        assertThat(detected.contains(fitted)).isTrue();

        assertThat(pool.fitInto(Cidr.parse("10.1.0.0/20")).toString()).isEqualTo("10.1.15.1-10.1.15.100");
        assertThat(pool.fitInto(Cidr.parse("192.168.7.0/24")).toString()).isEqualTo("192.168.7.1-192.168.7.100");
        assertThat(pool.fitInto(Cidr.parse("172.18.0.0/16"))).isEqualTo(pool);
    }

    @Test
    void refusesToFitARangeLargerThanTheSubnet() {
        assertThatThrownBy(() -> Ipv4Range.parse("10.0.0.0/23").fitInto(Cidr.parse("192.168.1.0/24")))
                .hasMessage("range 10.0.0.0-10.0.1.255 does not fit into 192.168.1.0/24 keeping its host part");
        // crosses a /24 boundary: the host parts would wrap around
        assertThatThrownBy(() -> Ipv4Range.parse("10.0.0.250-10.0.1.5").fitInto(Cidr.parse("192.168.1.0/24")))
                .hasMessageContaining("does not fit");
    }
}
