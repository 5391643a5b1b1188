package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.FieldSelector;
import dev.meshstage.backend.sim.store.LabelSelector;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Deployment with more replicas than the nodes take (110 pods each, as kubelet's default): the scheduled ones pull
 * the image once per node and start from it ("already present on machine"), the rest stay Pending with "Too many
 * pods", and the sim settles after each write — it did not within a minute at 2,000 replicas, reconciling the
 * ReplicaSet by copying every pod after each pod write and retrying every pending pod after each node status write.
 */
class ManyReplicasTest {

    private static final int REPLICAS = 400;

    private static String deployment(int replicas) {
        return WorkloadControllersTest.WEB.replace("'replicas':3", "'replicas':" + replicas);
    }

    @Test
    void theNodesPullTheImageOnceAndThePodsThatDoNotFitStayPending() {
        try (SimHarness sim = new SimHarness().started()) {
            WorkloadControllersTest.demo(sim);
            sim.apply("apps/v1", "Deployment", "demo", deployment(REPLICAS));
            sim.runtime.advance(Duration.ofMinutes(1));

            List<ObjectNode> pods = WorkloadControllersTest.pods(sim, "demo", "app=web");
            assertThat(pods).hasSize(REPLICAS);
            Map<String, List<ObjectNode>> byNode = pods.stream().filter(p -> !p.at("/spec/nodeName").asString("").isEmpty())
                    .collect(Collectors.groupingBy(p -> p.at("/spec/nodeName").asString(), TreeMap::new, Collectors.toList()));
            int scheduled = byNode.values().stream().mapToInt(List::size).sum();
            assertThat(scheduled).as("as many as the nodes' 110 pods each take").isLessThan(REPLICAS).isGreaterThan(100);
            assertThat(pods.stream().filter(p -> !p.at("/spec/nodeName").asString("").isEmpty()))
                    .allSatisfy(p -> assertThat(p.at("/status/phase").asString()).isEqualTo("Running"));
            assertThat(pods.stream().filter(p -> p.at("/spec/nodeName").asString("").isEmpty()))
                    .hasSize(REPLICAS - scheduled)
                    .allSatisfy(p -> assertThat(Json.condition(p, "PodScheduled").path("message").asString()).contains("Too many pods"));

            List<ObjectNode> events = sim.store.list(sim.type("v1", "Event"), "demo", LabelSelector.everything(),
                    FieldSelector.everything()).items();
            List<ObjectNode> pulling = events.stream().filter(e -> e.at("/reason").asString().equals("Pulling")).toList();
            Set<String> pulledOn = pulling.stream().map(e -> nodeOf(pods, e.at("/involvedObject/name").asString())).collect(Collectors.toSet());
            assertThat(pulling).as("one pull per node").hasSize(byNode.size());
            assertThat(pulledOn).isEqualTo(byNode.keySet());
            assertThat(events.stream().filter(e -> e.at("/message").asString()
                    .equals("Container image \"nginx:alpine\" already present on machine"))).hasSize(scheduled - byNode.size());

            // a node's heartbeat does not send every pending pod through the scheduler again; a write still settles
            NodeHeartbeats.reportStatus(sim.runtime.context());
            sim.apply("v1", "ConfigMap", "demo", "{'metadata':{'name':'after'}}");
            sim.apply("apps/v1", "Deployment", "demo", deployment(2).replace("'name':'web'", "'name':'small'")
                    .replace("'app':'web'", "'app':'small'"));
            sim.runtime.advance(Duration.ofSeconds(30));
            assertThat(sim.runtime.errors()).isEmpty();
        }
    }

    private static String nodeOf(List<ObjectNode> pods, String name) {
        return pods.stream().filter(p -> p.at("/metadata/name").asString().equals(name)).findFirst()
                .map(p -> p.at("/spec/nodeName").asString()).orElse("?");
    }
}
