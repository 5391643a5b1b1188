package dev.meshstage.command;

import dev.meshstage.workflow.StepFacts;
import dev.meshstage.workflow.WorkshopState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Completion's order: the command to run now, then the least advanced cluster, then the workshop's order. */
class StepOrderedCompleterTest {

    private static final List<String> ORDER = List.of("tools check", "cluster create", "lb install", "mesh install", "status");

    @Test
    void theNextCommandComesFirstThenTheWorkshopsOrder() {
        assertThat(StepOrderedCompleter.rank("lb install", ORDER, "lb install", null)).isZero();
        assertThat(StepOrderedCompleter.rank("lb", ORDER, "lb install", null)).isZero();
        assertThat(StepOrderedCompleter.rank("cluster create", ORDER, "lb install", null))
                .isLessThan(StepOrderedCompleter.rank("mesh install", ORDER, "lb install", null))
                .isLessThan(StepOrderedCompleter.rank("status", ORDER, "lb install", null));
        assertThat(StepOrderedCompleter.rank("clear", ORDER, null, null)).isGreaterThan(StepOrderedCompleter.rank("status", ORDER, null, null));
    }

    @Test
    void theLeastAdvancedClusterComesFirst() {
        var state = new WorkshopState(List.of(new StepFacts("cluster1", true, 3, true, false, List.of(), 0, null),
                new StepFacts("cluster2", true, 3, false, false, List.of(), 0, null)));
        assertThat(StepOrderedCompleter.rank("lb install --cluster cluster2", ORDER, null, state))
                .isLessThan(StepOrderedCompleter.rank("lb install --cluster cluster1", ORDER, null, state));
    }
}
