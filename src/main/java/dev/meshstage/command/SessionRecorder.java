package dev.meshstage.command;

import dev.meshstage.error.UsageException;
import dev.meshstage.stage.RecordedCommand;
import dev.meshstage.stage.RecordingWriter;
import dev.meshstage.stage.TerminalText;
import dev.meshstage.stage.Wildcards;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * {@code record}: while on, every command line the executor runs (not {@code record} or {@code replay}
 * themselves, nor what a replay runs) is captured with its output and time, and the transcript file is
 * rewritten after each, so an unplanned exit loses nothing. The screen is as usual; the capture keeps what
 * it is left showing, as plain lines ({@link TerminalText}).
 */
@Component
public class SessionRecorder {

    private Path file;
    private String backend;
    private Wildcards wildcards;
    private final List<RecordedCommand> commands = new ArrayList<>();
    private int depth;

    public synchronized boolean recording() {
        return file != null;
    }

    public synchronized Path file() {
        return file;
    }

    /** @throws UsageException when already recording or the file exists (nothing is then changed) */
    synchronized void start(Path target, String backendName, List<String> varying) {
        if (file != null) {
            throw new UsageException("already recording to " + file + ": 'record stop' first");
        }
        if (Files.exists(target)) {
            throw new UsageException(target + " exists: give a new file name (record never overwrites)");
        }
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new UsageException("no directory " + parent + " for " + target);
        }
        backend = backendName;
        wildcards = new Wildcards(varying);
        commands.clear();
        file = target;
        save();
    }

    /** @return the file written, with how many commands, or null when nothing was recording */
    synchronized Stopped stop() {
        if (file == null) {
            return null;
        }
        save();
        Stopped stopped = new Stopped(file, commands.size());
        file = null;
        commands.clear();
        return stopped;
    }

    record Stopped(Path file, int commands) {
    }

    /** Runs a line through {@code run}, capturing it when recording and it is a line of the session itself. */
    CommandLineExecutor.Outcome around(String line, Console console,
            BiFunction<String, Console, CommandLineExecutor.Outcome> run) {
        String input = line.strip();
        String first = input.isEmpty() ? "" : input.split("\\s+")[0];
        boolean capture;
        synchronized (this) {
            capture = file != null && depth == 0 && !input.isEmpty() && !input.startsWith("#")
                    && !first.equals("record") && !first.equals("replay");
            depth++;
        }
        try {
            if (!capture) {
                return run.apply(line, console);
            }
            StringWriter captured = new StringWriter();
            // live progress redraws in place and folds away in the capture; piped progress lines would not
            Console tee = new Console(new PrintWriter(new Tee(console.writer(), captured)), console.color(), console.live(),
                    console.live() && console.showsProgress());
            long start = System.nanoTime();
            CommandLineExecutor.Outcome outcome = run.apply(line, tee);
            List<String> output = new ArrayList<>(TerminalText.lines(captured.toString()));
            if (!outcome.ok()) {
                output.add("error: " + outcome.error());
            }
            synchronized (this) {
                if (file != null) {
                    commands.add(new RecordedCommand(input, output, Duration.ofNanos(System.nanoTime() - start)));
                    save();
                }
            }
            return outcome;
        } finally {
            synchronized (this) {
                depth--;
            }
        }
    }

    private void save() {
        try {
            Files.write(file, RecordingWriter.write(backend, commands, wildcards), StandardCharsets.UTF_8);
        } catch (IOException e) {
            Path was = file;
            file = null;
            throw new UsageException("cannot write " + was + ": " + e.getMessage() + " (recording stopped)");
        }
    }

    /** Writes to the screen and the capture alike. */
    private static final class Tee extends Writer {
        private final Writer screen;
        private final Writer capture;

        Tee(Writer screen, Writer capture) {
            this.screen = screen;
            this.capture = capture;
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            screen.write(buf, off, len);
            capture.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            screen.flush();
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
