package dev.meshstage.command;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.Highlighter;
import org.jline.reader.History;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultHighlighter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.springframework.shell.jline.ExtendedDefaultParser;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * The interactive prompt's terminal and line reader, made before the application context, so the prompt is up
 * and takes keys while Spring starts on another thread. Configured as Spring Shell's own reader is (its parser,
 * history in the home, Tab completes on an empty line); completion and highlighting are Spring Shell's once the
 * context hands them over — a Tab pressed before then waits for them.
 */
public final class PromptReader implements AutoCloseable {

    private final Terminal terminal;
    private final LineReader reader;
    private final History history;
    private final CompletableFuture<Completer> completer = new CompletableFuture<>();
    private volatile Highlighter highlighter = new DefaultHighlighter();

    /** On the given terminal (tests: one over pipes). */
    PromptReader(Terminal terminal, Path historyFile, History history) {
        this.terminal = terminal;
        this.history = history;
        ExtendedDefaultParser parser = new ExtendedDefaultParser();
        parser.setEofOnUnclosedQuote(true);
        parser.setEofOnEscapedNewLine(true);
        this.reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("Spring Shell")
                .completer(this::complete)
                .history(history)
                .highlighter(new Deferred())
                .parser(parser)
                .build();
        reader.setVariable(LineReader.HISTORY_FILE, historyFile);
        reader.unsetOpt(LineReader.Option.INSERT_TAB);
        history.attach(reader);
    }

    /**
     * The process's terminal (System.out, as Spring Shell's); {@code history} kept in {@code historyFile} (the
     * application's history bean, so its {@code history} command lists these lines).
     */
    public static PromptReader open(Path historyFile, History history) throws IOException {
        return new PromptReader(TerminalBuilder.builder().systemOutput(TerminalBuilder.SystemOutput.SysOut).build(),
                historyFile, history);
    }

    /** Completion and highlighting of the started application (Spring Shell's, over its command registry). */
    public void ready(Completer completion, Highlighter highlighting) {
        this.highlighter = highlighting;
        completer.complete(completion);
    }

    /** The application did not start: Tab completes nothing (the prompt ends with the error). */
    public void failed() {
        completer.complete((r, l, c) -> { });
    }

    public LineReader reader() {
        return reader;
    }

    /** The prompt's console: colour and live progress unless the terminal is dumb (piped, TERM=dumb). */
    public Console console() {
        boolean dumb = Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
        return new Console(terminal.writer(), Console.colorWanted() && !dumb, !dumb, true, terminal::getWidth)
                .withLineReader(reader);
    }

    /** The next line typed; empty at the end of input (Ctrl-D). Ctrl-C clears the line, as in any shell. */
    public Optional<String> readLine(String prompt) {
        while (true) {
            try {
                return Optional.of(reader.readLine(prompt));
            } catch (UserInterruptException e) {
                // read again
            } catch (EndOfFileException e) {
                return Optional.empty();
            }
        }
    }

    /** What the prompt says: {@code meshstage[BACKEND:CLUSTER]:> }. */
    public static String prompt(Console console, String backend, Optional<String> cluster) {
        return console.bold("meshstage") + console.dim("[" + backend + cluster.map(c -> ":" + c).orElse("") + "]") + ":> ";
    }

    private void complete(LineReader lineReader, ParsedLine line, List<Candidate> candidates) {
        completer.join().complete(lineReader, line, candidates);
    }

    @Override
    public void close() throws IOException {
        try {
            history.save();
        } finally {
            terminal.close();
        }
    }

    /** Plain until the application's highlighter arrives. */
    private final class Deferred implements Highlighter {
        @Override
        public AttributedString highlight(LineReader lineReader, String buffer) {
            return highlighter.highlight(lineReader, buffer);
        }

        @Override
        public void setErrorPattern(Pattern errorPattern) {
            highlighter.setErrorPattern(errorPattern);
        }

        @Override
        public void setErrorIndex(int errorIndex) {
            highlighter.setErrorIndex(errorIndex);
        }
    }
}
