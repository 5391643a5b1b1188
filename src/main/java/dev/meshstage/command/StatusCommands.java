package dev.meshstage.command;

import dev.meshstage.error.UsageException;
import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.source.SnapshotSource;
import dev.meshstage.render.StatusRenderer;
import dev.meshstage.render.WorkshopRenderer;
import dev.meshstage.session.MeshModels;
import dev.meshstage.session.Session;
import dev.meshstage.workflow.WorkshopProgress;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import java.util.List;

/** {@code status} and {@code use}: where things stand, and which cluster commands default to. */
@Component
public class StatusCommands {

    private final Session session;
    private final MeshModels models;
    private final WorkshopProgress workshop;
    private final Consoles consoles;

    public StatusCommands(Session session, MeshModels models, WorkshopProgress workshop, Consoles consoles) {
        this.workshop = workshop;
        this.session = session;
        this.models = models;
        this.consoles = consoles;
    }

    @Command(name = "status", group = "Look", completionProvider = "clusterNames",
            description = "Nodes, pods by namespace, services and the workshop step of each cluster")
    public void status(@Option(longName = "cluster", shortName = 'c', description = "only this cluster") String cluster,
            @Option(longName = "json", description = "machine-readable output") boolean json,
            @Option(longName = "steps", description = "the workshop as a checklist: each step, done or not on each cluster") boolean steps) {
        if (steps) {
            if (cluster != null || json) {
                throw new UsageException("--steps shows every cluster as a checklist; run it without --cluster and --json");
            }
            consoles.current().print(WorkshopRenderer.steps(workshop.read()));
            return;
        }
        var shown = session.resolveClusters(cluster == null ? List.of() : List.of(cluster));
        // one read of every cluster: the step line needs them all (the least advanced one decides what comes next)
        MeshModel model = models.snapshot(SnapshotSource.Depth.CLUSTER);
        var state = workshop.state(model);
        List<ClusterFacts> clusters = shown.stream().map(p -> model.cluster(p.name()).orElseThrow()).toList();
        consoles.current().print(json ? StatusRenderer.json(clusters, state) : StatusRenderer.render(clusters, state));
    }

    @Command(name = "use", group = "Look", completionProvider = "clusterNames",
            description = "Make a cluster the current one (by name, context, or 1/2)")
    public void use(@Argument(index = 0, description = "cluster name, kind-<name> context, or 1/2") String cluster) {
        if (cluster == null || cluster.isEmpty()) {
            throw new UsageException("name a cluster: use " + String.join("|", session.plan().clusterNames()));
        }
        session.use(cluster);
        String current = session.currentCluster().orElseThrow();
        Console console = consoles.current();
        console.println("current cluster: " + current + " (context " + session.resolveCluster(current).context() + ")");
        // what 'use' changes, and what it does not: the workshop fixes where its steps and the app go
        console.println("  app delete acts on it unless --cluster names another; the workshop steps act on every cluster, "
                + "app deploy on " + session.plan().clusterNames().get(0) + " (the app's home)");
    }
}
