package dev.meshstage.backend.sim.controller;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class HorizontalPodAutoscalerControllerTest {

    static String deployment(String name, int replicas, String cpuRequest) {
        String resources = cpuRequest == null ? "" : ",'resources':{'requests':{'cpu':'" + cpuRequest + "'}}";
        return "{'metadata':{'name':'" + name + "'},'spec':{'replicas':" + replicas + ",'selector':{'matchLabels':{'app':'" + name
                + "'}},'template':{'metadata':{'labels':{'app':'" + name + "'}},'spec':{'containers':[{'name':'c','image':'nginx'"
                + resources + "}]}}}}";
    }

    static String hpa(String name, String target, int min, int max, Integer cpu) {
        String metrics = cpu == null ? "" : ",'metrics':[{'type':'Resource','resource':{'name':'cpu','target':"
                + "{'type':'Utilization','averageUtilization':" + cpu + "}}}]";
        return "{'metadata':{'name':'" + name + "'},'spec':{'scaleTargetRef':{'apiVersion':'apps/v1','kind':'Deployment','name':'"
                + target + "'},'minReplicas':" + min + ",'maxReplicas':" + max + metrics + "}}";
    }

    /** The HPA's events as "reason message" (message up to its pod name, which is random). */
    static java.util.List<String> events(SimHarness sim, String hpa) {
        return sim.list("v1", "Event", "default").stream()
                .filter(e -> e.at("/involvedObject/kind").asString().equals("HorizontalPodAutoscaler")
                        && e.at("/involvedObject/name").asString().equals(hpa))
                .map(e -> e.path("reason").asString() + " " + e.path("message").asString().replaceAll(" of Pod .*", ""))
                .toList();
    }

    static tools.jackson.databind.JsonNode condition(ObjectNode hpa, String type) {
        return Json.condition(hpa, type);
    }

    @Test
    void raisesTheReplicasToTheMinimumAndSaysWhyTheMetricIsMissing() {
        try (SimHarness sim = new SimHarness().started()) {
            sim.apply("apps/v1", "Deployment", "default", deployment("web", 1, null));
            sim.apply("autoscaling/v2", "HorizontalPodAutoscaler", "default", hpa("web", "web", 2, 5, 80));
            sim.settle();
            assertThat(sim.get("apps/v1", "Deployment", "default", "web").at("/spec/replicas").asInt()).isEqualTo(2);
            ObjectNode h = sim.get("autoscaling/v2", "HorizontalPodAutoscaler", "default", "web");
            assertThat(h.at("/status/desiredReplicas").asInt()).isEqualTo(2);
            assertThat(h.at("/status/lastScaleTime").asString()).isNotEmpty();
            assertThat(h.at("/status/currentMetrics").isMissingNode()).isTrue();
            assertThat(condition(h, "ScalingActive").path("reason").asString()).isEqualTo("FailedGetResourceMetric");
            assertThat(condition(h, "ScalingActive").path("message").asString()).contains("missing request for cpu in container \"c\"");
            // scaled to the minimum, the next look finds the count within range
            assertThat(condition(h, "ScalingLimited").path("reason").asString()).isEqualTo("DesiredWithinRange");
            assertThat(events(sim, "web")).contains("SuccessfulRescale New size: 2; reason: Current number of replicas below Spec.MinReplicas",
                    "FailedGetResourceMetric failed to get cpu utilization: missing request for cpu in container \"c\"");
        }
    }

    @Test
    void idlePodsWithACpuRequestAreScaledDownToTheMinimum() {
        try (SimHarness sim = new SimHarness().started()) {
            sim.apply("apps/v1", "Deployment", "default", deployment("api", 4, "100m"));
            sim.apply("autoscaling/v2", "HorizontalPodAutoscaler", "default", hpa("api", "api", 1, 3, 50));
            sim.settle();
            ObjectNode h = sim.get("autoscaling/v2", "HorizontalPodAutoscaler", "default", "api");
            int utilization = h.at("/status/currentMetrics/0/resource/current/averageUtilization").asInt();
            assertThat(utilization).isBetween(1, 9);
            assertThat(h.at("/status/desiredReplicas").asInt()).isEqualTo(1);
            assertThat(sim.get("apps/v1", "Deployment", "default", "api").at("/spec/replicas").asInt()).isEqualTo(1);
            assertThat(condition(h, "ScalingActive").path("reason").asString()).isEqualTo("ValidMetricFound");
            assertThat(condition(h, "AbleToScale").path("status").asString()).isEqualTo("True");
        }
    }

    @Test
    void aMissingTargetIsReportedAndNothingIsScaled() {
        try (SimHarness sim = new SimHarness().started()) {
            sim.apply("autoscaling/v2", "HorizontalPodAutoscaler", "default", hpa("ghost", "nowhere", 1, 3, 50));
            sim.settle();
            ObjectNode h = sim.get("autoscaling/v2", "HorizontalPodAutoscaler", "default", "ghost");
            assertThat(condition(h, "AbleToScale").path("reason").asString()).isEqualTo("FailedGetScale");
            assertThat(condition(h, "AbleToScale").path("message").asString()).contains("deployments.apps \"nowhere\" not found");
            assertThat(h.at("/status/desiredReplicas").asInt()).isZero();
        }
    }

    @Test
    void withoutAMetricTheReplicasAreOnlyKeptWithinBounds() {
        try (SimHarness sim = new SimHarness().started()) {
            sim.apply("apps/v1", "Deployment", "default", deployment("big", 6, null));
            sim.apply("autoscaling/v2", "HorizontalPodAutoscaler", "default", hpa("big", "big", 1, 4, null));
            sim.settle();
            assertThat(sim.get("apps/v1", "Deployment", "default", "big").at("/spec/replicas").asInt()).isEqualTo(4);
            ObjectNode h = sim.get("autoscaling/v2", "HorizontalPodAutoscaler", "default", "big");
            assertThat(h.at("/status/desiredReplicas").asInt()).isEqualTo(4);
            assertThat(events(sim, "big")).anyMatch(e -> e.equals("SuccessfulRescale New size: 4; reason: Current number of replicas above Spec.MaxReplicas"));
        }
    }

    @Test
    void aCpuRequestAddedLaterMakesTheMetricValid() {
        try (SimHarness sim = new SimHarness().started()) {
            sim.apply("apps/v1", "Deployment", "default", deployment("late", 1, null));
            sim.apply("autoscaling/v2", "HorizontalPodAutoscaler", "default", hpa("late", "late", 1, 3, 50));
            sim.settle();
            assertThat(condition(sim.get("autoscaling/v2", "HorizontalPodAutoscaler", "default", "late"), "ScalingActive")
                    .path("reason").asString()).isEqualTo("FailedGetResourceMetric");
            ObjectNode d = sim.get("apps/v1", "Deployment", "default", "late");
            ((ObjectNode) d.at("/spec/template/spec/containers/0")).putObject("resources").putObject("requests").put("cpu", "50m");
            sim.store.update(sim.type("apps/v1", "Deployment"), "default", "late", d);
            sim.settle();
            assertThat(condition(sim.get("autoscaling/v2", "HorizontalPodAutoscaler", "default", "late"), "ScalingActive")
                    .path("reason").asString()).isEqualTo("ValidMetricFound");
        }
    }
}
