package dev.meshstage.backend.sim.store;

import dev.meshstage.backend.sim.VirtualClock;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/** autoscaling/v1 HorizontalPodAutoscalers stored as v2 and read back through either version. */
class ConversionsTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static ObjectNode json(String s) {
        return (ObjectNode) JSON.readTree(s.replace('\'', '"'));
    }

    @Test
    void aV1TargetIsTheV2CpuUtilizationMetric() {
        ObjectNode v2 = Conversions.toStorage(json("{'apiVersion':'autoscaling/v1','kind':'HorizontalPodAutoscaler','spec':"
                + "{'maxReplicas':3,'targetCPUUtilizationPercentage':50},'status':{'currentCPUUtilizationPercentage':7}}"));
        assertThat(v2.path("apiVersion").asString()).isEqualTo("autoscaling/v2");
        assertThat(v2.at("/spec/targetCPUUtilizationPercentage").isMissingNode()).isTrue();
        assertThat(v2.at("/spec/metrics/0/resource/name").asString()).isEqualTo("cpu");
        assertThat(v2.at("/spec/metrics/0/resource/target/type").asString()).isEqualTo("Utilization");
        assertThat(v2.at("/spec/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(50);
        assertThat(v2.at("/status/currentMetrics/0/resource/current/averageUtilization").asInt()).isEqualTo(7);
    }

    @Test
    void aV1WithoutATargetHasNoMetrics() {
        ObjectNode v2 = Conversions.toStorage(json("{'apiVersion':'autoscaling/v1','spec':{'maxReplicas':3}}"));
        assertThat(v2.at("/spec/metrics").isMissingNode()).isTrue();
        assertThat(v2.at("/spec/maxReplicas").asInt()).isEqualTo(3);
    }

    @Test
    void v1SeesOnlyTheCpuUtilizationOfV2() {
        ObjectNode v1 = Conversions.fromStorage(json("{'apiVersion':'autoscaling/v2','spec':{'maxReplicas':3,'behavior':{},'metrics':["
                + "{'type':'Resource','resource':{'name':'memory','target':{'type':'Utilization','averageUtilization':90}}},"
                + "{'type':'Resource','resource':{'name':'cpu','target':{'type':'Utilization','averageUtilization':60}}}]},"
                + "'status':{'currentReplicas':2,'conditions':[],'currentMetrics':[{'type':'Resource','resource':{'name':'cpu',"
                + "'current':{'averageUtilization':4}}}]}}"));
        assertThat(v1.path("apiVersion").asString()).isEqualTo("autoscaling/v1");
        assertThat(v1.at("/spec/targetCPUUtilizationPercentage").asInt()).isEqualTo(60);
        assertThat(v1.at("/spec/metrics").isMissingNode()).isTrue();
        assertThat(v1.at("/spec/behavior").isMissingNode()).isTrue();
        assertThat(v1.at("/status/currentCPUUtilizationPercentage").asInt()).isEqualTo(4);
        assertThat(v1.at("/status/currentReplicas").asInt()).isEqualTo(2);
        assertThat(v1.at("/status/conditions").isMissingNode()).isTrue();
    }

    @Test
    void v2AverageValueTargetsAreNotAV1Percentage() {
        ObjectNode v1 = Conversions.fromStorage(json("{'spec':{'metrics':[{'type':'Resource','resource':{'name':'cpu','target':"
                + "{'type':'AverageValue','averageValue':'100m'}}}]}}"));
        assertThat(v1.at("/spec/targetCPUUtilizationPercentage").isMissingNode()).isTrue();
    }

    @Test
    void theStoreServesOneObjectThroughBothVersions() {
        ResourceRegistry registry = new ResourceRegistry();
        ObjectStore store = new ObjectStore("c", registry, VirtualClock.instant(), 1);
        ResourceType v1 = registry.require("autoscaling/v1", "HorizontalPodAutoscaler");
        ResourceType v2 = registry.require("autoscaling/v2", "HorizontalPodAutoscaler");
        store.create(registry.require("v1", "Namespace"), "", json("{'metadata':{'name':'default'}}"));
        ObjectNode created = store.create(v1, "default", json("{'apiVersion':'autoscaling/v1','kind':'HorizontalPodAutoscaler',"
                + "'metadata':{'name':'web'},'spec':{'scaleTargetRef':{'kind':'Deployment','name':'web'},'maxReplicas':4,"
                + "'targetCPUUtilizationPercentage':70}}"));
        assertThat(created.path("apiVersion").asString()).isEqualTo("autoscaling/v1");
        assertThat(created.at("/spec/targetCPUUtilizationPercentage").asInt()).isEqualTo(70);
        ObjectNode asV2 = store.find(v2, "default", "web");
        assertThat(asV2.path("apiVersion").asString()).isEqualTo("autoscaling/v2");
        assertThat(asV2.at("/spec/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(70);
        assertThat(store.find(v1, "default", "web").at("/spec/targetCPUUtilizationPercentage").asInt()).isEqualTo(70);
    }
}
