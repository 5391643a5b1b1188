package dev.meshstage.command;

import dev.meshstage.backend.kind.ProcessRunner;
import dev.meshstage.backend.kind.ToolsCheck;
import dev.meshstage.render.Json;
import dev.meshstage.render.ToolsRenderer;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

/** {@code tools check}: step 0 — what the kind backend needs on this machine. */
@Component
public class ToolsCommands {

    private final Consoles consoles;

    public ToolsCommands(Consoles consoles) {
        this.consoles = consoles;
    }

    @Command(name = {"tools", "check"}, group = "Workshop",
            description = "Find docker, kind, istioctl and kubectl: versions, and how to install what is missing")
    public void check(@Option(longName = "json", description = "machine-readable output") boolean json) {
        var reports = new ToolsCheck(new ProcessRunner(System.getenv())).check();
        consoles.current().print(json ? Json.render(reports) : ToolsRenderer.render(reports));
    }
}
