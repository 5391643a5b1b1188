package dev.meshstage.command;

import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The prompt made before the application: lines, history, and completion that waits for the application's. */
class PromptReaderTest {

    @TempDir
    Path home;

    private final PipedOutputStream typing = new PipedOutputStream();
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    private PromptReader reader() throws IOException {
        Terminal terminal = TerminalBuilder.builder().system(false).type("xterm").streams(new PipedInputStream(typing), screen)
                .encoding(StandardCharsets.UTF_8).build();
        return new PromptReader(terminal, home.resolve("history"), new DefaultHistory());
    }

    private void type(String keys) throws IOException {
        typing.write(keys.getBytes(StandardCharsets.UTF_8));
        typing.flush();
    }

    @Test
    void aLineIsReadAndKeptInTheHomesHistoryAndTheEndOfInputIsEmpty() throws Exception {
        try (PromptReader prompt = reader()) {
            type("cluster list\r");
            assertThat(prompt.readLine("p> ")).contains("cluster list");
            type("\u0003status\r"); // Ctrl-C clears the line, reading goes on
            assertThat(prompt.readLine("p> ")).contains("status");
            typing.close();
            assertThat(prompt.readLine("p> ")).isEmpty();
        }
        assertThat(Files.readAllLines(home.resolve("history"))).hasSize(2)
                .satisfies(lines -> assertThat(lines.get(0)).endsWith(":cluster list"))
                .satisfies(lines -> assertThat(lines.get(1)).endsWith(":status"));
    }

    @Test
    void tabBeforeTheApplicationIsUpWaitsForItsCompletion() throws Exception {
        try (PromptReader prompt = reader()) {
            LineReader lines = prompt.reader();
            CompletableFuture<List<Candidate>> asked = CompletableFuture.supplyAsync(() -> {
                List<Candidate> found = new ArrayList<>();
                ((org.jline.reader.impl.LineReaderImpl) lines).getCompleter().complete(lines, lines.getParser().parse("clu", 3), found);
                return found;
            });
            Thread.sleep(100);
            assertThat(asked).as("no completion yet: it waits").isNotDone();
            prompt.ready((r, line, candidates) -> candidates.add(new Candidate("cluster")),
                    (r, buffer) -> new AttributedString(buffer, AttributedStyle.BOLD));
            assertThat(asked.get(5, TimeUnit.SECONDS)).extracting(Candidate::value).containsExactly("cluster");
            assertThat(lines.getHighlighter().highlight(lines, "status").styleAt(0)).isEqualTo(AttributedStyle.BOLD);
        }
    }

    @Test
    void anApplicationThatDidNotStartCompletesNothingAndTheHighlightingStaysPlain() throws Exception {
        try (PromptReader prompt = reader()) {
            prompt.failed();
            LineReader lines = prompt.reader();
            List<Candidate> found = new ArrayList<>();
            ((org.jline.reader.impl.LineReaderImpl) lines).getCompleter().complete(lines, lines.getParser().parse("clu", 3), found);
            assertThat(found).isEmpty();
            assertThat(lines.getHighlighter().highlight(lines, "status").toString()).isEqualTo("status");
        }
    }

    @Test
    void thePromptNamesBackendAndCluster() {
        Console plain = new Console(new java.io.PrintWriter(new java.io.StringWriter()), false, false, false);
        assertThat(PromptReader.prompt(plain, "sim", Optional.of("cluster2"))).isEqualTo("meshstage[sim:cluster2]:> ");
        assertThat(PromptReader.prompt(plain, "kind", Optional.empty())).isEqualTo("meshstage[kind]:> ");
        Console color = new Console(new java.io.PrintWriter(new java.io.StringWriter()), true, false, false);
        assertThat(PromptReader.prompt(color, "sim", Optional.of("cluster1")))
                .isEqualTo(color.bold("meshstage") + color.dim("[sim:cluster1]") + ":> ").contains("\u001b[");
    }
}
