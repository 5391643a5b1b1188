package dev.meshstage.transcript;

import dev.meshstage.transcript.Transcript.Block;
import dev.meshstage.transcript.Transcript.Directive;
import dev.meshstage.transcript.Transcript.Narration;
import dev.meshstage.transcript.Transcript.Shell;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one transcript format: narration split at headings, directives, meshstage and console blocks. */
class TranscriptParserTest {

    private static Transcript parse(String... lines) {
        return TranscriptParser.parse(Path.of("t.md"), List.of(lines));
    }

    @Test
    void narrationDirectivesAndBothKindsOfBlockInFileOrder() {
        Transcript t = parse("# Title", "Intro.", "<!-- speed 40 -->", "## Part two", "Text.", "<!-- hidden -->",
                "```meshstage", "meshstage:> cluster create --all", "...", "```", "<!-- timeout 120 -->", "<!-- pause -->",
                "```console", "$ kubectl get pods -n simple-buy --context=kind-cluster1", "NAME [..]", "$ echo hi", "hi", "```");
        assertThat(t.parts()).hasSize(7);
        assertThat(t.parts().get(0)).isEqualTo(new Narration("Title", List.of("# Title", "Intro."), 0));
        assertThat(t.parts().get(1)).isEqualTo(new Directive(Directive.Kind.SPEED, 40, 2));
        assertThat(t.parts().get(2)).isEqualTo(new Narration("Part two", List.of("## Part two", "Text."), 3));
        Block hidden = (Block) t.parts().get(3);
        assertThat(hidden.hidden()).isTrue();
        assertThat(hidden.shell()).isEqualTo(Shell.MESHSTAGE);
        assertThat(t.parts().get(4)).isEqualTo(new Directive(Directive.Kind.TIMEOUT, 120, 10));
        assertThat(t.parts().get(5)).isEqualTo(new Directive(Directive.Kind.PAUSE, 0, 11));
        Block console = (Block) t.parts().get(6);
        assertThat(console.hidden()).isFalse();
        assertThat(console.steps()).extracting(Transcript.Step::command)
                .containsExactly("kubectl get pods -n simple-buy --context=kind-cluster1", "echo hi");
        assertThat(console.steps().get(1).expected()).containsExactly("hi");
        assertThat(t.steps()).extracting(Transcript.Step::shell).containsExactly(Shell.MESHSTAGE, Shell.CONSOLE, Shell.CONSOLE);
        assertThat(t.headings()).containsExactly("Title", "Part two");
    }

    @Test
    void otherFencesAndCommentsAreNarration() {
        Transcript t = parse("Text", "```bash", "# not a heading", "<!-- pause -->", "```", "<!-- a note for the lead -->", "more");
        assertThat(t.parts()).hasSize(1);
        assertThat(((Narration) t.parts().get(0)).lines()).hasSize(7);
        assertThat(t.steps()).isEmpty();
        assertThat(t.headings()).isEmpty();
    }

    @Test
    void badDirectivesAndBlocksSayWhereAndWhatIsAccepted() {
        assertThatThrownBy(() -> parse("<!-- speed fast -->"))
                .hasMessage("t.md:1: '<!-- speed fast -->' needs a whole number of characters a second from 1 to 1000");
        assertThatThrownBy(() -> parse("<!-- timeout 0 -->"))
                .hasMessage("t.md:1: '<!-- timeout 0 -->' needs a whole number of seconds from 1 to 3600");
        assertThatThrownBy(() -> parse("<!-- hidden -->", "prose", "```meshstage", "meshstage:> status", "```"))
                .hasMessage("t.md:1: <!-- hidden --> must come right before a ``` block");
        assertThatThrownBy(() -> parse("<!-- hidden -->"))
                .hasMessage("t.md:1: <!-- hidden --> must come right before a ``` block");
        assertThatThrownBy(() -> parse("```console", "stray", "```"))
                .hasMessage("t.md:2: output before the first command in a console block (commands start with '$ ')");
        assertThatThrownBy(() -> parse("```console", "$ ls"))
                .hasMessage("t.md: a console block is not closed with ```");
        assertThatThrownBy(() -> parse("```meshstage", "meshstage:> status", "```", "<!-- workshop some/dir -->"))
                .hasMessage("t.md:4: '<!-- workshop some/dir -->' must name one workshop directory (<!-- workshop DIR -->)"
                        + " once, before the first block");
        assertThatThrownBy(() -> parse("<!-- workshop -->"))
                .hasMessageStartingWith("t.md:1: '<!-- workshop -->' must name one workshop directory");
        assertThatThrownBy(() -> parse("<!-- workshop a -->", "<!-- workshop b -->"))
                .hasMessageStartingWith("t.md:2: '<!-- workshop b -->' must name one workshop directory");
    }

    @Test
    void aWorkshopDirectiveNamesTheDirectoryTheTranscriptIsWrittenFor() {
        Transcript t = parse("# Three", "<!-- workshop src/test/resources/workshops/three-clusters -->", "Text.",
                "```meshstage", "meshstage:> cluster list", "```");
        assertThat(t.workshop()).isEqualTo("src/test/resources/workshops/three-clusters");
        assertThat(t.parts()).hasSize(2);
        assertThat(((Narration) t.parts().get(0)).lines()).containsExactly("# Three", "Text.");
        assertThat(parse("```meshstage", "meshstage:> cluster list", "```").workshop()).isNull();
    }
}
