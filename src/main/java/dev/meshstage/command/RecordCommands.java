package dev.meshstage.command;

import dev.meshstage.error.UsageException;
import dev.meshstage.session.Session;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.util.List;

/** {@code record FILE} … {@code record stop}: the rest of the session as a transcript that passes as a test. */
@Component
public class RecordCommands {

    private final SessionRecorder recorder;
    private final Session session;
    private final Consoles consoles;

    public RecordCommands(SessionRecorder recorder, Session session, Consoles consoles) {
        this.recorder = recorder;
        this.session = session;
        this.consoles = consoles;
    }

    @Command(name = "record", group = "Stage", completionProvider = "transcriptFiles",
            description = "Record the commands that follow, with their output, as a transcript FILE (replay it, or verify it as a test); 'record stop' ends")
    public void record(@Argument(index = 0, description = "the transcript to write, or 'stop'") String file) {
        Console console = consoles.current();
        if (file == null || file.isBlank()) {
            throw new UsageException("name the file: record FILE (a new .md), and 'record stop' to end");
        }
        if (file.equals("stop")) {
            SessionRecorder.Stopped stopped = recorder.stop();
            console.println(stopped == null ? "not recording: nothing to stop"
                    : "recorded " + stopped.commands() + " command" + (stopped.commands() == 1 ? "" : "s") + " to " + stopped.file()
                            + " (replay --no-wait " + stopped.file() + " checks it)");
            return;
        }
        // the state directory differs per machine and run: it becomes a wildcard
        recorder.start(session.currentDirectory().resolve(file), session.backendName(), List.of(session.home().toString()));
        console.println("recording to " + file + ": the commands from here on, with their output; 'record stop' ends");
    }
}
