package dev.meshstage.dashboard;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class TextTest {

    @Test
    void agesAsKubectlPrintsThem() {
        assertThat(Text.age(Duration.ofSeconds(0))).isEqualTo("0s");
        assertThat(Text.age(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(Text.age(Duration.ofSeconds(303))).isEqualTo("5m3s");
        assertThat(Text.age(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Text.age(Duration.ofMinutes(17))).isEqualTo("17m");
        assertThat(Text.age(Duration.ofMinutes(192))).isEqualTo("3h12m");
        assertThat(Text.age(Duration.ofHours(20))).isEqualTo("20h");
        assertThat(Text.age(Duration.ofHours(76))).isEqualTo("3d4h");
        assertThat(Text.age(Duration.ofDays(40))).isEqualTo("40d");
        assertThat(Text.age(Duration.ofDays(800))).isEqualTo("2y");
        assertThat(Text.age(null)).isEqualTo("?");
    }

    @Test
    void cutsKeepWithinTheWidth() {
        assertThat(Text.cut("kube-apiserver", 20)).isEqualTo("kube-apiserver");
        assertThat(Text.cut("kube-apiserver", 6)).isEqualTo("kube-…");
        assertThat(Text.cut("abc", 0)).isEmpty();
        assertThat(Text.cutMiddle("istio-eastwestgateway-5f7c9d8b6-x2x4z", 24)).isEqualTo("istio-eastw…c9d8b6-x2x4z")
                .hasSize(24);
        assertThat(Text.cutMiddle("short-name", 24)).isEqualTo("short-name");
        assertThat(Text.padLeft("7", 3)).isEqualTo("  7");
        assertThat(Text.padRight("✔", 3)).isEqualTo("✔  ");
        assertThat(Text.wrap("no kubeconfig at /home/x/kubeconfig: create the clusters first", 20))
                .containsExactly("no kubeconfig at", "/home/x/kubeconfig:", "create the clusters", "first");
        assertThat(Text.wrap("averyveryverylongword", 8)).containsExactly("averyve…");
    }
}
