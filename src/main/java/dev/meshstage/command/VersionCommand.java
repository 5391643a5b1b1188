package dev.meshstage.command;

import dev.meshstage.VersionLine;
import dev.meshstage.session.Session;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.stereotype.Component;

/** {@code version}: meshstage's version, the backend, and the Kubernetes and Istio versions it models. */
@Component
public class VersionCommand {

    private final Session session;
    private final Consoles consoles;

    public VersionCommand(Session session, Consoles consoles) {
        this.session = session;
        this.consoles = consoles;
    }

    @Command(name = "version", group = "Look", description = "meshstage's version and what it models")
    public void version() {
        consoles.current().println(VersionLine.of(session.backendName()));
    }
}
