package dev.meshstage.command;

import dev.meshstage.error.UsageException;
import dev.meshstage.render.ReplayRenderer;
import dev.meshstage.session.Session;
import dev.meshstage.stage.Fallback;
import dev.meshstage.stage.PlayOptions;
import dev.meshstage.stage.Player;
import dev.meshstage.stage.ReplaySummary;
import dev.meshstage.stage.ShellCommand;
import dev.meshstage.stage.Stage;
import dev.meshstage.stage.TerminalKeys;
import dev.meshstage.transcript.Transcript;
import dev.meshstage.transcript.TranscriptParser;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** {@code replay}: a transcript played on stage, live, with its recorded output when a live command fails. */
@Component
public class ReplayCommands {

    private final ObjectProvider<CommandLines> lines;
    private final Consoles consoles;
    private final Session session;

    /** The command lines come late: their executor needs the command registry, which needs this command. */
    public ReplayCommands(ObjectProvider<CommandLines> lines, Consoles consoles, Session session) {
        this.lines = lines;
        this.consoles = consoles;
        this.session = session;
    }

    @Command(name = "replay", group = "Stage", completionProvider = "transcriptFiles",
            description = "Play a transcript as a live demo: narration, commands typed out, Enter runs (Space, s skip, r repeat, l live prompt, q quit); recorded output when a command fails")
    public void replay(@Argument(index = 0, description = "the transcript (Markdown)") String file,
            @Option(longName = "from", description = "start at the section whose heading starts so") String from,
            @Option(longName = "speed", description = "typing speed, characters a second (default 25)") Integer speed,
            @Option(longName = "no-wait", description = "no typing, pauses or waits for Enter (rehearsal)") boolean noWait,
            @Option(longName = "fallback", description = "recorded output: auto (when a command fails or times out), never, always") String fallback,
            @Option(longName = "timeout", description = "a command's time limit in seconds (default 300)") Integer timeout) {
        Console console = consoles.current();
        Transcript transcript = read(file, session.currentDirectory());
        Fallback mode = Fallback.parse(fallback == null ? "auto" : fallback);
        LineReader reader = console.lineReader().orElse(null);
        if (!noWait && reader == null) {
            throw new UsageException("replay reads keys (Enter, Space, s, r, l, q) at the interactive prompt; here use --no-wait");
        }
        int width = reader == null || reader.getTerminal().getWidth() <= 0 ? 100 : reader.getTerminal().getWidth();
        PlayOptions options = new PlayOptions(from, speed == null ? PlayOptions.DEFAULT_SPEED : speed, noWait, mode,
                timeout == null ? PlayOptions.DEFAULT_TIMEOUT : Duration.ofSeconds(timeout), width, console.style());
        Player player = new Player(transcript, options);
        ShellCommand shell = new ShellCommand(session.kubeconfigs(), session.currentDirectory(), Map.of());
        ReplaySummary summary;
        try (StageRunner runner = new StageRunner(lines.getObject(), consoles, console, shell, options.timeout())) {
            if (noWait) {
                summary = Stage.play(player, Stage.NO_KEYS, runner, prompt -> null, console.writer());
            } else {
                try (TerminalKeys keys = new TerminalKeys(reader.getTerminal())) {
                    summary = Stage.play(player, keys, runner, prompt -> liveLine(reader, keys, prompt), console.writer());
                }
            }
        }
        String name = transcript.file().getFileName().toString();
        console.print(ReplayRenderer.summary(name, summary, mode == Fallback.ALWAYS));
        List<String> off = summary.notAsRecorded(mode == Fallback.ALWAYS);
        if (noWait && !off.isEmpty()) {
            throw new UsageException(off.size() + " command" + (off.size() == 1 ? "" : "s") + " of " + name
                    + " did not go as recorded (first: " + off.get(0) + ")");
        }
    }

    private static String liveLine(LineReader reader, TerminalKeys keys, String prompt) {
        keys.pauseRaw();
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException e) {
            return "";
        } catch (EndOfFileException e) {
            return null;
        } finally {
            keys.resumeRaw();
        }
    }

    private static Transcript read(String file, Path directory) {
        if (file == null || file.isBlank()) {
            throw new UsageException("name a transcript: replay FILE (for example transcripts/workshop.md)");
        }
        Path path = directory.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new UsageException("no transcript " + file + ": give a Markdown file such as transcripts/workshop.md");
        }
        try {
            return TranscriptParser.parse(Path.of(file), Files.readAllLines(path)); // named as the user gave it
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }
}
