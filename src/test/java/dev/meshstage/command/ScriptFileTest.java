package dev.meshstage.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ScriptFileTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<String> ran = new ArrayList<>();

    private int run(Path script, String failing) {
        return ScriptFile.run(script, line -> {
            ran.add(line);
            return !line.equals(failing);
        }, new PrintStream(err, true));
    }

    @Test
    void stopsAtTheFirstFailingLineAndNamesIt() throws Exception {
        Path s = tmp.resolve("s.txt");
        Files.writeString(s, "version\nuse cluster7\ncluster list\n");
        assertThat(run(s, "use cluster7")).isEqualTo(1);
        assertThat(ran).containsExactly("version", "use cluster7");
        assertThat(err.toString()).isEqualTo("error: stopped at line 2 of " + s + "\n");
    }

    @Test
    void everyLineSucceedingIsZero() throws Exception {
        Path s = tmp.resolve("ok.txt");
        Files.writeString(s, "version\n\n# a comment\n");
        assertThat(run(s, null)).isZero();
        assertThat(ran).hasSize(3);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aMissingFileIsTwo() {
        assertThat(run(tmp.resolve("nope.txt"), null)).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("error: script " + tmp.resolve("nope.txt") + " does not exist\n");
        assertThat(ran).isEmpty();
    }

    @Test
    void wordsAreQuotedOnlyWhereTheParserNeedsIt() {
        assertThat(CommandWords.line(List.of("status", "--cluster", "1"))).isEqualTo("status --cluster 1");
        assertThat(CommandWords.line(List.of("use", "a b", ""))).isEqualTo("use 'a b' ''");
        assertThat(CommandWords.line(List.of("x", "say \"hi\" \\o"))).isEqualTo("x 'say \"hi\" \\o'");
        assertThat(CommandWords.split(CommandWords.line(List.of("x", "say \"hi\" \\o", "it's")))).containsExactly("x", "say \"hi\" \\o", "it's");
    }
}
