package dev.meshstage.command;

import dev.meshstage.mesh.StatusService;
import dev.meshstage.render.Json;
import dev.meshstage.render.StatusRenderer;
import dev.meshstage.session.Session;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import java.util.List;

/** {@code status} and {@code use}: where things stand, and which cluster commands default to. */
@Component
public class StatusCommands {

    private final Session session;
    private final StatusService status;
    private final Consoles consoles;

    public StatusCommands(Session session, StatusService status, Consoles consoles) {
        this.session = session;
        this.status = status;
        this.consoles = consoles;
    }

    @Command(name = "status", group = "Look", completionProvider = "clusterNames",
            description = "Nodes, pods by namespace, services and the workshop step of each cluster")
    public void status(@Option(longName = "cluster", shortName = 'c', description = "only this cluster") String cluster,
            @Option(longName = "json", description = "machine-readable output") boolean json) {
        var plans = session.resolveClusters(cluster == null ? List.of() : List.of(cluster));
        var result = status.status(plans);
        consoles.current().print(json ? Json.render(result) : StatusRenderer.render(result));
    }

    @Command(name = "use", group = "Look", completionProvider = "clusterNames",
            description = "Make a cluster the current one (by name, context, or 1/2)")
    public void use(@Argument(index = 0, description = "cluster name, kind-<name> context, or 1/2") String cluster) {
        if (cluster == null || cluster.isEmpty()) {
            throw new UsageException("name a cluster: use " + String.join("|", session.plan().clusterNames()));
        }
        session.use(cluster);
        String current = session.currentCluster().orElseThrow();
        consoles.current().println("current cluster: " + current + " (context kind-" + current + ")");
    }
}
