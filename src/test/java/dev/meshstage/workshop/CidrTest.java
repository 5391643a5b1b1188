package dev.meshstage.workshop;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CidrTest {

    @Test
    void parsesAndPrints() {
        Cidr pods = Cidr.parse("10.244.0.0/16");
        assertThat(pods.prefixLength()).isEqualTo(16);
        assertThat(pods.size()).isEqualTo(65536);
        assertThat(pods.toString()).isEqualTo("10.244.0.0/16");
        assertThat(pods.range().toString()).isEqualTo("10.244.0.0-10.244.255.255");
        assertThat(Cidr.parse("0.0.0.0/0").size()).isEqualTo(1L << 32);
        assertThat(Cidr.parse("10.0.0.7/32").range().size()).isEqualTo(1);
    }

    @Test
    void rejectsMalformedPrefixes() {
        assertThatThrownBy(() -> Cidr.parse("10.244.0.0")).hasMessageContaining("is not a CIDR");
        assertThatThrownBy(() -> Cidr.parse("10.244.0.0/")).hasMessageContaining("no valid prefix length");
        assertThatThrownBy(() -> Cidr.parse("10.244.0.0/x")).hasMessageContaining("no valid prefix length");
        assertThatThrownBy(() -> Cidr.parse("10.244.0.0/33")).hasMessageContaining("prefix length 33, more than 32");
        assertThatThrownBy(() -> Cidr.parse("10.244.0.1/16")).hasMessageContaining("did you mean 10.244.0.0/16?");
        assertThatThrownBy(() -> Cidr.parse("300.244.0.0/16")).hasMessageContaining("octet 300 > 255");
    }

    @Test
    void overlapsAndContains() {
        Cidr pods1 = Cidr.parse("10.244.0.0/16");
        assertThat(pods1.overlaps(Cidr.parse("10.245.0.0/16"))).isFalse();
        assertThat(pods1.overlaps(Cidr.parse("10.244.128.0/17"))).isTrue();
        assertThat(pods1.overlaps(Cidr.parse("10.0.0.0/8"))).isTrue();
        assertThat(Cidr.parse("10.96.0.0/16").overlaps(Cidr.parse("10.97.0.0/16"))).isFalse();
        assertThat(pods1.contains(Ipv4Range.parseAddress("10.244.255.255"))).isTrue();
        assertThat(pods1.contains(Ipv4Range.parseAddress("10.245.0.0"))).isFalse();
        assertThat(Cidr.parse("172.18.0.0/16").contains(Ipv4Range.parse("172.18.255.1-172.18.255.100"))).isTrue();
        assertThat(Cidr.parse("172.18.0.0/16").overlaps(Ipv4Range.parse("172.17.255.1-172.18.0.3"))).isTrue();
    }

    @Test
    void nthAddress() {
        Cidr services = Cidr.parse("10.96.0.0/16");
        assertThat(services.nth(1)).isEqualTo("10.96.0.1");
        assertThat(services.nth(10)).isEqualTo("10.96.0.10");
        assertThat(services.nth(256)).isEqualTo("10.96.1.0");
        assertThatThrownBy(() -> services.nth(65536)).hasMessageContaining("no address #65536");
    }
}
