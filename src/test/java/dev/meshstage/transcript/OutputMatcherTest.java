package dev.meshstage.transcript;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutputMatcherTest {

    @Test
    void ellipsisSkipsAnyNumberOfLinesAndInlineWildcardAnyText() {
        assertThat(OutputMatcher.matches(List.of("a", "...", "z"), List.of("a", "b", "c", "z"))).isTrue();
        assertThat(OutputMatcher.matches(List.of("a", "...", "z"), List.of("a", "z"))).isTrue();
        assertThat(OutputMatcher.matches(List.of("a", "...", "z"), List.of("a", "b"))).isFalse();
        assertThat(OutputMatcher.matches(List.of("age [..] ok"), List.of("age 5s ok  "))).isTrue();
        assertThat(OutputMatcher.matches(List.of("age [..] ok"), List.of("age 5s no"))).isFalse();
        assertThat(OutputMatcher.matches(List.of("x"), List.of("x", "y"))).isFalse();
    }

    @Test
    void parsesCommandsAndExpectationsOnlyInsideMeshstageBlocks() {
        List<String> md = List.of("# T", "prose", "```meshstage", "meshstage:> status", "line 1", "line 2",
                "meshstage:> use 2", "```", "```bash", "meshstage:> not a command", "```");
        Transcript t = TranscriptParser.parse(Path.of("t.md"), md);
        assertThat(t.steps()).hasSize(2);
        assertThat(t.steps().get(0).command()).isEqualTo("status");
        assertThat(t.steps().get(0).expected()).containsExactly("line 1", "line 2");
        assertThat(t.steps().get(1).expected()).isEmpty();
    }

    @Test
    void updateReplacesOnlyStepsThatNoLongerMatch() {
        List<String> md = List.of("```meshstage", "meshstage:> a", "[..]", "meshstage:> b", "old", "```");
        Transcript t = TranscriptParser.parse(Path.of("t.md"), md);
        List<String> updated = TranscriptUpdater.update(t, List.of(List.of("anything"), List.of("new", "lines")));
        assertThat(updated).containsExactly("```meshstage", "meshstage:> a", "[..]", "meshstage:> b", "new", "lines", "```");
    }

    @Test
    void outputBeforeACommandIsAnError() {
        assertThatThrownBy(() -> TranscriptParser.parse(Path.of("t.md"), List.of("```meshstage", "stray", "```")))
                .hasMessageContaining("t.md:2");
    }
}
