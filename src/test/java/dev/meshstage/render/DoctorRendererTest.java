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

    @Test
    void aNarrowTerminalGetsReasonsAndHintsWrappedAtWordsUnderTheirText() {
        DoctorReport report = new DoctorReport(List.of(new CheckResult("remote-secrets", Category.REMOTE_DISCOVERY,
                "a remote secret for every other cluster, both ways", Verdict.FAIL,
                List.of("cluster1: no remote secret for cluster2 (istio-system, label istio/multiCluster=true): this istiod"
                        + " sends only local endpoints, calls to services that run only in cluster2 fail"),
                "mesh link, or istioctl create-remote-secret --context kind-cluster2 --name cluster2 | kubectl apply -f -")));
        assertThat(DoctorRenderer.render(report, false, 60)).isEqualTo("""
                remote discovery
                ----------------
                ✘ a remote secret for every other cluster, both ways
                    cluster1: no remote secret for cluster2 (istio-system,
                      label istio/multiCluster=true): this istiod sends only
                      local endpoints, calls to services that run only in
                      cluster2 fail
                    hint: mesh link, or istioctl create-remote-secret
                          --context kind-cluster2 --name cluster2 | kubectl
                          apply -f -

                ✘ 1 check failed
                """);
        assertThat(DoctorRenderer.render(report, false, 60).lines()).allMatch(l -> l.length() <= 60);
        assertThat(DoctorRenderer.render(report, false, 0)).as("0: one line each")
                .contains("    cluster1: no remote secret for cluster2 (istio-system, label istio/multiCluster=true): this istiod sends");
        assertThat(DoctorRenderer.render(report, false, 200)).isEqualTo(DoctorRenderer.render(report, false));
        assertThat(DoctorRenderer.render(report, true, 60)).contains("    \u001b[2mhint: \u001b[0mmesh link, or istioctl")
                .contains("\n          --context kind-cluster2");
    }
}
