package dev.meshstage.render;

import dev.meshstage.mesh.doctor.Category;
import dev.meshstage.mesh.doctor.CheckResult;
import dev.meshstage.mesh.doctor.DoctorReport;
import dev.meshstage.mesh.doctor.Verdict;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DoctorRendererTest {

    private static final DoctorReport REPORT = new DoctorReport(List.of(
            new CheckResult("contexts", Category.TOOLS, "every cluster's context answers", Verdict.OK, List.of(), null),
            new CheckResult("istiod-ready", Category.CONTROL_PLANE, "istiod is ready", Verdict.FAIL,
                    List.of("cluster2: istiod is not installed"), "mesh install --cluster cluster2"),
            new CheckResult("ingress-gateway", Category.CONTROL_PLANE, "the ingress gateway is running", Verdict.SKIPPED,
                    List.of("cluster2: Istio not installed"), null),
            new CheckResult("pods-ready", Category.WORKLOADS, "every pod is ready", Verdict.WARN,
                    List.of("cluster1: simple-buy/cart-1: ContainerCreating (still starting?)"), "kubectl describe pod cart-1")));

    @Test
    void headingsChecksReasonsAndHintsInLinkerdsShape() {
        assertThat(DoctorRenderer.render(REPORT, false)).isEqualTo("""
                tools and contexts
                ------------------
                ✔ every cluster's context answers

                control plane
                -------------
                ✘ istiod is ready
                    cluster2: istiod is not installed
                    hint: mesh install --cluster cluster2
                · the ingress gateway is running (cluster2: Istio not installed)

                workloads
                ---------
                ‼ every pod is ready
                    cluster1: simple-buy/cart-1: ContainerCreating (still starting?)
                    hint: kubectl describe pod cart-1

                ✘ 1 check failed, 1 warning
                """);
    }

    @Test
    void colourOnlyWhenAskedFor() {
        assertThat(DoctorRenderer.render(REPORT, false)).doesNotContain("\u001b[");
        String coloured = DoctorRenderer.render(REPORT, true);
        assertThat(coloured).contains("\u001b[31m✘\u001b[0m istiod is ready").contains("\u001b[32m✔\u001b[0m every cluster's")
                .contains("\u001b[33m‼\u001b[0m every pod is ready");
    }

    @Test
    void allGreenSaysSo() {
        DoctorReport green = new DoctorReport(List.of(REPORT.checks().get(0)));
        assertThat(DoctorRenderer.render(green, false)).endsWith("\n✔ all checks passed\n");
    }

    @Test
    void jsonHasOkAndOneEntryPerCheckWithReasonAndHintOnlyWhereTheyTellSomething() {
        JsonNode json = JsonMapper.builder().build().readTree(DoctorRenderer.json(REPORT));
        assertThat(json.path("ok").asBoolean()).isFalse();
        assertThat(json.path("checks")).hasSize(4);
        JsonNode ok = json.path("checks").get(0);
        assertThat(ok.path("category").asString()).isEqualTo("tools and contexts");
        assertThat(ok.path("name").asString()).isEqualTo("every cluster's context answers");
        assertThat(ok.path("status").asString()).isEqualTo("ok");
        assertThat(ok.has("reason")).isFalse();
        assertThat(ok.has("hint")).isFalse();
        JsonNode failed = json.path("checks").get(1);
        assertThat(failed.path("id").asString()).isEqualTo("istiod-ready");
        assertThat(failed.path("status").asString()).isEqualTo("fail");
        assertThat(failed.path("reason").asString()).isEqualTo("cluster2: istiod is not installed");
        assertThat(failed.path("hint").asString()).isEqualTo("mesh install --cluster cluster2");
        assertThat(json.path("checks").get(2).path("status").asString()).isEqualTo("skipped");
        assertThat(json.path("checks").get(3).path("status").asString()).isEqualTo("warn");
    }
}
