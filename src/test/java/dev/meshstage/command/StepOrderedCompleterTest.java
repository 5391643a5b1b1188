package dev.meshstage.command;

import dev.meshstage.step.Fault;
import dev.meshstage.workflow.StepFacts;
import dev.meshstage.workflow.WorkshopState;
import org.jline.reader.Candidate;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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

    @Test
    void optionsGoAfterValuesUnlessAnOptionIsBeingTyped() {
        assertThat(StepOrderedCompleter.optionsLast("--cluster", 1000)).isGreaterThan(StepOrderedCompleter.optionsLast("remote-secret-missing", 1000));
        assertThat(StepOrderedCompleter.optionsLast("-c", 0)).isGreaterThan(StepOrderedCompleter.optionsLast("cluster1", 1000));
        assertThat(StepOrderedCompleter.optionsLast("cart", 12)).isEqualTo(12);
    }

    /** The shell's own completer on {@code sim fault <Tab>}, in the order JLine shows candidates (sort key, then value). */
    @Test
    void simFaultListsTheFaultsBeforeItsOptions(@TempDir Path home) {
        try (EmbeddedShell shell = EmbeddedShell.start("sim", Path.of("").toAbsolutePath(), home)) {
            StepOrderedCompleter completer = shell.bean(StepOrderedCompleter.class);
            List<String> shown = shown(completer, "sim fault ");
            List<String> faults = Arrays.stream(Fault.values()).map(Fault::word).toList();
            assertThat(shown).containsAll(faults).contains("--cluster");
            assertThat(shown.subList(0, faults.size())).containsExactlyInAnyOrderElementsOf(faults);
            assertThat(shown(completer, "sim fault --")).first().isEqualTo("--cluster");
        }
    }

    private static List<String> shown(StepOrderedCompleter completer, String typed) {
        List<Candidate> candidates = new ArrayList<>();
        completer.complete(null, new DefaultParser().parse(typed, typed.length(), Parser.ParseContext.COMPLETE), candidates);
        return candidates.stream().sorted(Comparator.comparingInt(Candidate::sort).thenComparing(Candidate::value))
                .map(Candidate::value).toList();
    }
}
