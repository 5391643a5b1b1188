package dev.meshstage.workflow;

import dev.meshstage.render.StatusRenderer;
import dev.meshstage.render.WorkshopRenderer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The state machine over hand-built facts: every workshop state, and mixed ones where one cluster is ahead. */
class WorkshopStateTest {

    /** A cluster's facts after the first {@code steps} steps of the workshop. */
    private static StepFacts after(String cluster, int steps) {
        String peer = cluster.equals("cluster1") ? "cluster2" : "cluster1";
        return new StepFacts(cluster, steps >= 1, steps >= 1 ? 3 : 0, steps >= 2, steps >= 3,
                steps >= 4 ? List.of(peer) : List.of(), steps >= 5 ? 9 : 0, null);
    }

    private static WorkshopState state(int cluster1, int cluster2) {
        return new WorkshopState(List.of(after("cluster1", cluster1), after("cluster2", cluster2)));
    }

    static Stream<Arguments> states() {
        return Stream.of(
                Arguments.of(0, 0, "cluster create", "cluster1", List.of()),
                Arguments.of(1, 1, "lb install", "cluster1", List.of()),
                Arguments.of(2, 2, "mesh install", "cluster1", List.of()),
                Arguments.of(3, 3, "mesh link", "cluster1", List.of()),
                Arguments.of(4, 4, "app deploy", "cluster1", List.of()),
                Arguments.of(5, 4, "app deploy --cluster cluster2", "cluster2", List.of("cluster1")),
                Arguments.of(5, 5, "app status", "cluster1", List.of()),
                // mixed: one cluster ahead of the other
                Arguments.of(1, 0, "cluster create cluster2", "cluster2", List.of("cluster1")),
                Arguments.of(2, 1, "lb install --cluster cluster2", "cluster2", List.of("cluster1")),
                Arguments.of(1, 3, "lb install --cluster cluster1", "cluster1", List.of("cluster2")),
                Arguments.of(3, 2, "mesh install --cluster cluster2", "cluster2", List.of("cluster1")),
                Arguments.of(5, 0, "cluster create cluster2", "cluster2", List.of("cluster1")),
                Arguments.of(4, 5, "app deploy", "cluster1", List.of("cluster2")));
    }

    @ParameterizedTest(name = "cluster1 after {0} steps, cluster2 after {1}: {2}")
    @MethodSource("states")
    void nextHintAndChecklistAgree(int c1, int c2, String command, String cluster, List<String> ahead) {
        WorkshopState state = state(c1, c2);
        WorkshopState.Next next = state.next();
        assertThat(next.command()).isEqualTo(command);
        assertThat(next.cluster()).isEqualTo(cluster);
        assertThat(next.ahead()).extracting(WorkshopState.ClusterProgress::cluster).isEqualTo(ahead);

        String hint = WorkshopRenderer.hint(next);
        assertThat(WorkshopRenderer.next(state)).startsWith(hint + "\n");
        String checklist = WorkshopRenderer.steps(state);
        assertThat(checklist).endsWith(hint + "\n");
        // the ✔ of each cluster's column are exactly the steps it has done
        List<String> rows = checklist.lines().skip(1).limit(Step.values().length).toList();
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).contains("✔")).isEqualTo(i < Math.max(c1, c2));
        }
        next.step().ifPresentOrElse(s -> {
            assertThat(rows.get(s.ordinal())).startsWith("▶");
            assertThat(WorkshopRenderer.stepLine(state, cluster)).endsWith("(next: " + command + ")");
        }, () -> assertThat(checklist).doesNotContain("▶", "→"));
    }

    @Test
    void aStepNamesTheClusterThatLacksWhatItNeedsAndTheCommandToRunFirst() {
        assertThat(state(0, 0).blocked("lb install", Step.CLUSTERS, List.of("cluster1", "cluster2")))
                .map(WorkshopState.Blocked::message)
                .contains("'lb install' needs cluster1 to have reached 'cluster created', but it is at 'not created': "
                        + "run 'cluster create' first");
        assertThat(state(3, 2).blocked("mesh link", Step.MESH, List.of("cluster1", "cluster2")))
                .map(WorkshopState.Blocked::message)
                .contains("'mesh link' needs cluster2 to have reached 'Istio installed', but it is at 'MetalLB installed': "
                        + "run 'mesh install --cluster cluster2' first");
        assertThat(state(3, 3).blocked("app deploy", Step.LINKED, List.of("cluster1"))).map(WorkshopState.Blocked::runFirst)
                .contains("mesh link");
        assertThat(state(4, 4).blocked("app deploy", Step.LINKED, List.of("cluster2"))).isEmpty();
    }

    @Test
    void linkedMeansASecretForEveryOtherClusterNotJustOne() {
        var three = new WorkshopState(List.of(
                new StepFacts("a", true, 1, true, true, List.of("b"), 0, null),
                new StepFacts("b", true, 1, true, true, List.of("a", "c"), 0, null),
                new StepFacts("c", true, 1, true, true, List.of("a", "b"), 0, null)));
        assertThat(three.cluster("a").reachedStep()).contains(Step.MESH);
        assertThat(three.cluster("b").reachedStep()).contains(Step.LINKED);
        assertThat(three.next().command()).isEqualTo("mesh link");
    }

    @Test
    void aStepDoneOutOfOrderIsTickedButTheClusterHasNotReachedIt() {
        // the app applied by hand before the clusters were linked
        var facts = new StepFacts("cluster1", true, 3, true, true, List.of(), 9, null);
        var state = new WorkshopState(List.of(facts, after("cluster2", 4)));
        assertThat(state.cluster("cluster1").done()).contains(Step.APP).doesNotContain(Step.LINKED);
        assertThat(state.cluster("cluster1").reachedStep()).contains(Step.MESH);
        assertThat(state.next().command()).isEqualTo("mesh link");
    }

    @Test
    void anUnreadableClusterBlocksWithItsReasonAndIsShownAsUnknown() {
        var state = new WorkshopState(List.of(StepFacts.unreadable("cluster1", "API server not reachable"), after("cluster2", 2)));
        assertThat(state.blocked("mesh install", Step.LOAD_BALANCER, List.of("cluster1"))).map(WorkshopState.Blocked::message)
                .contains("'mesh install' cannot tell where cluster1 stands: unknown (API server not reachable)");
        assertThat(WorkshopRenderer.stepLine(state, "cluster1")).startsWith("unknown (API server not reachable)");
    }

    @Test
    void stepsAreFoundByIdCommandOrName() {
        assertThat(Step.find("link")).contains(Step.LINKED);
        assertThat(Step.find("mesh link")).contains(Step.LINKED);
        assertThat(Step.find("Load_Balancer")).contains(Step.LOAD_BALANCER);
        assertThat(Step.find("frobnicate")).isEqualTo(Optional.empty());
    }

    @Test
    void statusJsonCarriesTheStepIdAndNextCommand() {
        var status = dev.meshstage.mesh.model.ClusterFacts.unreachable("cluster2", "kind-cluster2", "network2",
                dev.meshstage.mesh.model.Reach.failed("gone", java.time.Instant.EPOCH));
        String json = StatusRenderer.json(List.of(status), state(4, 3));
        assertThat(json).contains("\"step\" : \"mesh\"", "\"next\" : \"mesh link\"");
    }
}
