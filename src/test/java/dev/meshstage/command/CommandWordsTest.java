package dev.meshstage.command;

import dev.meshstage.error.UsageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Lines split into words as a POSIX shell splits them, and words joined so that they split back the same. */
class CommandWordsTest {

    record Case(String line, List<String> words) {
        @Override
        public String toString() {
            return "[" + line + "]";
        }
    }

    static Stream<Case> lines() {
        return Stream.of(
                new Case("status", List.of("status")),
                new Case("  app   deploy\tcart  ", List.of("app", "deploy", "cart")),
                new Case("", List.of()),
                new Case("replay --from 'Step 3' demo.md", List.of("replay", "--from", "Step 3", "demo.md")),
                new Case("replay --from \"Step 3\" demo.md", List.of("replay", "--from", "Step 3", "demo.md")),
                new Case("replay --from='Step 3'", List.of("replay", "--from=Step 3")),
                new Case("replay --from=\"Step 3\"", List.of("replay", "--from=Step 3")),
                new Case("echo 'a \"b\" c'", List.of("echo", "a \"b\" c")),
                new Case("echo \"it's\"", List.of("echo", "it's")),
                new Case("echo 'it'\\''s'", List.of("echo", "it's")),
                new Case("echo Step\\ 3", List.of("echo", "Step 3")),
                new Case("echo \\'", List.of("echo", "'")),
                new Case("echo 'back\\slash'", List.of("echo", "back\\slash")),
                new Case("echo \"a \\\"b\\\" \\\\ \\$x \\n\"", List.of("echo", "a \"b\" \\ $x \\n")),
                new Case("echo '' \"\"", List.of("echo", "", "")),
                new Case("echo a'b'\"c\"d", List.of("echo", "abcd")),
                new Case("echo '  spaced  '", List.of("echo", "  spaced  ")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void splitsAsAPosixShell(Case c) {
        assertThat(CommandWords.split(c.line())).isEqualTo(c.words());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lines")
    void joinedWordsSplitBackTheSame(Case c) {
        assertThat(CommandWords.split(CommandWords.line(c.words()))).isEqualTo(c.words());
    }

    @Test
    void plainWordsAreNotQuotedAndOthersAreSingleQuoted() {
        assertThat(CommandWords.line(List.of("app", "open", "--port", "9000"))).isEqualTo("app open --port 9000");
        assertThat(CommandWords.line(List.of("replay", "--from", "Step 3"))).isEqualTo("replay --from 'Step 3'");
        assertThat(CommandWords.line(List.of("use", "it's", ""))).isEqualTo("use 'it'\\''s' ''");
    }

    @Test
    void anUnclosedQuoteIsOneLineSayingSo() {
        assertThatThrownBy(() -> CommandWords.split("replay --from 'Step 3")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("the line has a ' that is not closed: close it");
        assertThatThrownBy(() -> CommandWords.split("use \"cluster1")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("the line has a \" that is not closed");
        assertThatThrownBy(() -> CommandWords.split("echo \"a\\\"")).isInstanceOf(UsageException.class);
    }
}
