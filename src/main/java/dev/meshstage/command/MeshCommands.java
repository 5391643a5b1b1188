package dev.meshstage.command;

import dev.meshstage.error.UsageException;
import dev.meshstage.error.BackendException;
import dev.meshstage.mesh.source.SnapshotSource;
import dev.meshstage.render.MeshStatusRenderer;
import dev.meshstage.render.StepReportRenderer;
import dev.meshstage.render.WorkshopRenderer;
import dev.meshstage.session.MeshModels;
import dev.meshstage.session.Session;
import dev.meshstage.step.MeshCaStep;
import dev.meshstage.step.MeshInstallStep;
import dev.meshstage.step.MeshLinkStep;
import dev.meshstage.step.StepReport;
import dev.meshstage.workflow.WorkshopProgress;
import dev.meshstage.workshop.ClusterPlan;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import java.util.List;

/** {@code mesh ca|install|link|status}: steps 3 and 4 of the workshop, and how the mesh stands. */
@Component
public class MeshCommands {

    private final Session session;
    private final MeshCaStep ca;
    private final MeshInstallStep install;
    private final MeshLinkStep link;
    private final MeshModels models;
    private final WorkshopProgress workshop;
    private final Consoles consoles;

    public MeshCommands(Session session, MeshCaStep ca, MeshInstallStep install, MeshLinkStep link,
            MeshModels models, WorkshopProgress workshop, Consoles consoles) {
        this.workshop = workshop;
        this.session = session;
        this.ca = ca;
        this.install = install;
        this.link = link;
        this.models = models;
        this.consoles = consoles;
    }

    @Command(name = {"mesh", "ca"}, group = "Workshop", completionProvider = "clusterNames",
            description = "Shared root CA and a cacerts Secret per cluster (--rotate: new root, restart istiod and workloads)")
    public void ca(@Option(longName = "cluster", shortName = 'c', description = "only this cluster") String cluster,
            @Option(longName = "rotate", description = "replace the root and every intermediate") boolean rotate) {
        if (rotate && cluster != null) {
            throw new UsageException("--rotate replaces the root of every cluster; run it without --cluster");
        }
        MeshCaStep.Result result = ca.run(targets(cluster), rotate);
        Console console = consoles.current();
        console.println("root CA " + result.rootFingerprint() + " (" + result.directory() + ")");
        console.print(StepReportRenderer.render(result.clusters()));
        failOnAny(result.clusters(), rotate ? "mesh ca --rotate" : "mesh ca");
        console.printWrapped(WorkshopRenderer.hint(workshop.read().next()));
    }

    @Command(name = {"mesh", "install"}, group = "Workshop", completionProvider = "clusterNames",
            description = "Istio on each cluster: cacerts, istiod, east-west gateway, cross-network Gateway")
    public void install(@Option(longName = "cluster", shortName = 'c', description = "only this cluster") String cluster) {
        List<ClusterPlan> plans = targets(cluster);
        Console console = consoles.current();
        List<StepReport> reports;
        try (ProgressPrinter progress = new ProgressPrinter(console, plans.stream().map(ClusterPlan::name).toList())) {
            reports = install.run(plans, progress);
        }
        console.print(StepReportRenderer.render(reports));
        failOnAny(reports, "mesh install");
        console.printWrapped(WorkshopRenderer.hint(workshop.read().next()));
    }

    @Command(name = {"mesh", "link"}, group = "Workshop",
            description = "Remote secrets between every pair of clusters; waits until each istiod has synced every other cluster")
    public void link() {
        List<StepReport> reports = link.run();
        Console console = consoles.current();
        console.print(StepReportRenderer.render(reports));
        failOnAny(reports, "mesh link");
        console.printWrapped(WorkshopRenderer.hint(workshop.read().next()));
    }

    @Command(name = {"mesh", "status"}, group = "Look",
            description = "Load balancer, istiod, gateways, networks, roots of trust and remote clusters of every cluster")
    public void status(@Option(longName = "json", description = "machine-readable output") boolean json) {
        var model = models.snapshot(SnapshotSource.Depth.MESH);
        consoles.current().print(json ? MeshStatusRenderer.json(model) : MeshStatusRenderer.render(model));
    }

    private List<ClusterPlan> targets(String cluster) {
        return session.resolveClusters(cluster == null ? List.of() : List.of(cluster));
    }

    private static void failOnAny(List<StepReport> reports, String step) {
        List<StepReport> failed = reports.stream().filter(r -> r.status() == StepReport.Status.FAILED).toList();
        if (!failed.isEmpty()) {
            throw new BackendException(step + " failed for " + String.join(", ", failed.stream().map(StepReport::cluster)
                    .toList()) + " (see above)");
        }
    }
}
