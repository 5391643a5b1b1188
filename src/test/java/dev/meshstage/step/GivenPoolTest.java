package dev.meshstage.step;

import dev.meshstage.error.UsageException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GivenPoolTest {

    private static final List<GivenPool.NodeAddresses> NODES = List.of(
            new GivenPool.NodeAddresses("lab2-control-plane", List.of("192.168.50.10", "lab2-control-plane.lan", "fd00::10"),
                    List.of("10.244.0.0/24", "fd00:10:244::/64")),
            new GivenPool.NodeAddresses("lab2-worker", List.of("192.168.50.11"), List.of("10.244.1.0/24")));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "192.168.50.240-192.168.50.250 | 192.168.50.240 | 192.168.50.250",
            "192.168.50.240/28             | 192.168.50.240 | 192.168.50.255",
            "' 10.0.9.0/31 '               | 10.0.9.0       | 10.0.9.1"})
    void aRangeOrACidrParses(String text, String first, String last) {
        GivenPool pool = GivenPool.parse(text);
        assertThat(pool.text()).isEqualTo(text.strip());
        assertThat(pool.range().nth(0)).isEqualTo(first);
        assertThat(pool.range().nth(pool.range().size() - 1)).isEqualTo(last);
        pool.checkAgainst("lab2", NODES);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "192.168.50.240            | neither a range (a.b.c.d-e.f.g.h) nor a CIDR",
            "192.168.50.0/33           | prefix length 33",
            "192.168.50.1/24           | host bits set; did you mean 192.168.50.0/24?",
            "192.168.50.250-192.168.50.240 | ends before it starts",
            "192.168.50.300-192.168.50.310 | octet 300 > 255",
            "lab-pool                  | \"lab\" is not an IPv4 address"})
    void whatDoesNotParseIsOneLineSayingWhatIsAccepted(String text, String reason) {
        assertThatThrownBy(() -> GivenPool.parse(text)).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--pool " + text + ": ").hasMessageContaining(reason)
                .hasMessageEndingWith("give a range a.b.c.d-e.f.g.h or a CIDR a.b.c.d/n on the nodes' network")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void anEmptyPoolSaysWhatToGive() {
        assertThatThrownBy(() -> GivenPool.parse(" ")).isInstanceOf(UsageException.class)
                .hasMessage("--pool needs addresses on the nodes' network: a range a.b.c.d-e.f.g.h or a CIDR a.b.c.d/n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "127.0.0.10-127.0.0.20       | reaches into loopback (127.0.0.0/8), which no node network holds; give addresses on the network of lab2's nodes (a node there has 192.168.50.10)",
            "0.0.0.0/30                  | reaches into 'this network' (0.0.0.0/8)",
            "169.254.1.0/28              | reaches into link-local (169.254.0.0/16)",
            "239.1.1.0/28                | reaches into multicast (224.0.0.0/4)",
            "250.0.0.0/28                | reaches into reserved (240.0.0.0/4)",
            "192.168.50.7/32             | holds 1 address; the mesh needs 2 on lab2 (the ingress and the east-west gateway)",
            "192.168.50.0/28             | holds 192.168.50.10, the address of node lab2-control-plane",
            "192.168.50.11-192.168.50.20 | holds 192.168.50.11, the address of node lab2-worker",
            "10.244.1.128/28             | overlaps 10.244.1.0/24, the pod range of node lab2-worker",
            "10.244.0.0/16               | overlaps 10.244.0.0/24, the pod range of node lab2-control-plane"})
    void aPoolTheClusterCannotServeIsRefused(String text, String reason) {
        GivenPool pool = GivenPool.parse(text);
        assertThatThrownBy(() -> pool.checkAgainst("lab2", NODES)).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--pool " + text + " ").hasMessageContaining(reason);
    }

    @Test
    void withoutNodesOnlyTheAddressesThemselvesAreChecked() {
        GivenPool.parse("192.168.50.0/28").checkAgainst("lab2", List.of());
        assertThatThrownBy(() -> GivenPool.parse("127.0.0.0/28").checkAgainst("lab2", List.of()))
                .hasMessageEndingWith("give addresses on the network of lab2's nodes");
    }
}
