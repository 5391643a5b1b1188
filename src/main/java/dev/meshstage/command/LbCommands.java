package dev.meshstage.command;

import dev.meshstage.error.BackendException;
import dev.meshstage.render.StepReportRenderer;
import dev.meshstage.render.WorkshopRenderer;
import dev.meshstage.session.Session;
import dev.meshstage.step.GivenPool;
import dev.meshstage.step.LoadBalancerStep;
import dev.meshstage.step.StepReport;
import dev.meshstage.workflow.WorkshopProgress;
import dev.meshstage.workshop.ClusterPlan;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import java.util.List;

/** {@code lb install}: step 2 of the workshop, MetalLB so that LoadBalancer services get addresses. */
@Component
public class LbCommands {

    private final Session session;
    private final LoadBalancerStep step;
    private final WorkshopProgress workshop;
    private final Consoles consoles;

    public LbCommands(Session session, LoadBalancerStep step, WorkshopProgress workshop, Consoles consoles) {
        this.session = session;
        this.step = step;
        this.workshop = workshop;
        this.consoles = consoles;
    }

    @Command(name = {"lb", "install"}, group = "Workshop", completionProvider = "clusterNames",
            description = "Install MetalLB and the address pools of configs/metallb, fitted into the node network (--pool: an attached cluster's)")
    public void install(@Option(longName = "cluster", shortName = 'c', description = "only this cluster (default: all)") String cluster,
            @Option(longName = "pool", description = "an attached cluster's MetalLB addresses, a.b.c.d-e.f.g.h or a.b.c.d/n on its nodes' network")
            String pool) {
        GivenPool given = pool == null ? null : GivenPool.parse(pool);
        List<ClusterPlan> plans = session.resolveClusters(cluster == null ? List.of() : List.of(cluster));
        Console console = consoles.current();
        List<StepReport> reports;
        try (ProgressPrinter progress = new ProgressPrinter(console, plans.stream().map(ClusterPlan::name).toList())) {
            reports = step.install(plans, given, progress);
        }
        console.print(StepReportRenderer.render(reports));
        List<StepReport> failed = reports.stream().filter(r -> r.status() == StepReport.Status.FAILED).toList();
        if (!failed.isEmpty()) {
            throw new BackendException("lb install failed for " + String.join(", ", failed.stream().map(StepReport::cluster).toList())
                    + ": " + failed.get(0).lines().get(0));
        }
        console.printWrapped(WorkshopRenderer.hint(workshop.read().next()));
    }
}
