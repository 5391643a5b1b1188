package dev.meshstage.command;

import dev.meshstage.error.UsageException;
import dev.meshstage.backend.ClusterState;
import dev.meshstage.render.ClusterStateRenderer;
import dev.meshstage.render.Json;
import dev.meshstage.render.WorkshopRenderer;
import dev.meshstage.session.ClusterAttach;
import dev.meshstage.session.Session;
import dev.meshstage.step.ClusterSteps;
import dev.meshstage.workflow.WorkshopProgress;
import dev.meshstage.workshop.ClusterPlan;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Arguments;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import java.util.List;

/** {@code cluster create|delete|list}: step 1 of the workshop. */
@Component
public class ClusterCommands {

    private final Session session;
    private final ClusterSteps steps;
    private final WorkshopProgress workshop;
    private final Consoles consoles;
    private final ClusterAttach attach;

    public ClusterCommands(Session session, ClusterSteps steps, WorkshopProgress workshop, Consoles consoles, ClusterAttach attach) {
        this.session = session;
        this.attach = attach;
        this.steps = steps;
        this.workshop = workshop;
        this.consoles = consoles;
    }

    @Command(name = {"cluster", "create"}, group = "Workshop",
            description = "Create the workshop's clusters (all when none are named) from configs/kind",
            completionProvider = "clusterNames")
    public void create(@Arguments List<String> names,
            @Option(longName = "all", description = "create every cluster of the workshop") boolean all) {
        List<ClusterPlan> plans = targets(names, all, true);
        Console console = consoles.current();
        List<ClusterState> result;
        try (ProgressPrinter progress = new ProgressPrinter(console, plans.stream().map(ClusterPlan::name).toList())) {
            result = steps.create(plans, progress);
        }
        console.print(ClusterStateRenderer.outcome(result, "created", "already exists, left as it is"));
        failOnAny(result, "cluster create");
        console.printWrapped(WorkshopRenderer.hint(workshop.read().next()));
    }

    @Command(name = {"cluster", "delete"}, group = "Workshop",
            description = "Delete clusters and everything in them (name them, or --all)",
            completionProvider = "clusterNames")
    public void delete(@Arguments List<String> names,
            @Option(longName = "all", description = "delete every cluster of the workshop") boolean all) {
        List<ClusterPlan> plans = targets(names, all, false);
        Console console = consoles.current();
        List<ClusterState> result;
        try (ProgressPrinter progress = new ProgressPrinter(console, plans.stream().map(ClusterPlan::name).toList())) {
            result = steps.delete(plans, progress);
        }
        console.print(ClusterStateRenderer.outcome(result, "deleted", "does not exist, nothing to delete"));
        failOnAny(result, "cluster delete");
    }

    @Command(name = {"cluster", "list"}, group = "Workshop",
            description = "List the mesh's clusters: origin (sim, kind, attached), context, and whether they exist")
    public void list(@Option(longName = "json", description = "machine-readable output") boolean json) {
        var plan = session.plan();
        List<ClusterState> existing = steps.list();
        List<ClusterStateRenderer.Row> rows = plan.clusters().stream().map(p -> new ClusterStateRenderer.Row(
                p.name(), p.context(), existing.stream().anyMatch(e -> e.name().equals(p.name())),
                p.isAttached() ? null : p.nodes().size(), p.network(), p.isAttached() ? "attached" : session.backendName())).toList();
        consoles.current().print(json ? Json.render(rows) : ClusterStateRenderer.list(rows));
    }

    @Command(name = {"cluster", "attach"}, group = "Workshop",
            description = "Add an existing cluster to the home's mesh, by its kubeconfig context (never created or deleted by meshstage)")
    public void attach(@Argument(index = 0, description = "the name it has in the mesh (not one of the workshop's)") String name,
            @Option(longName = "context", description = "its kubeconfig context") String context,
            @Option(longName = "kubeconfig", description = "the kubeconfig holding the context (default ~/.kube/config)") String kubeconfig,
            @Option(longName = "network", description = "its Istio network (default: istio-system's label, else network-NAME)") String network) {
        ClusterAttach.Attached a = attach.attach(name, context, kubeconfig, network);
        var e = a.entry();
        consoles.current().print(ClusterStateRenderer.attached(e.name(), e.context(), e.kubeconfig(), e.server(), a.version(),
                e.network(), a.networkFromCluster()));
    }

    @Command(name = {"cluster", "detach"}, group = "Workshop", completionProvider = "clusterNames",
            description = "Take an attached cluster out of the home's mesh, leaving the cluster as it is")
    public void detach(@Argument(index = 0, description = "the attached cluster") String name) {
        if (name == null) {
            throw new UsageException("name the attached cluster to detach: cluster detach NAME");
        }
        var e = attach.detach(name);
        consoles.current().print(ClusterStateRenderer.detached(e.name(), e.context()));
    }

    private List<ClusterPlan> targets(List<String> names, boolean all, boolean defaultAll) {
        boolean none = names == null || names.isEmpty();
        if (all && !none) {
            throw new UsageException("give cluster names or --all, not both");
        }
        if (none && !all && !defaultAll) {
            throw new UsageException("name the clusters to delete (" + String.join(", ", session.plan().clusterNames())
                    + ") or use --all");
        }
        return session.resolveClusters(all ? List.of() : names);
    }

    private static void failOnAny(List<ClusterState> result, String step) {
        List<ClusterState> failed = result.stream().filter(r -> r.outcome() == ClusterState.Outcome.FAILED).toList();
        if (!failed.isEmpty()) {
            throw new dev.meshstage.error.BackendException(step + " failed for " + String.join(", ",
                    failed.stream().map(ClusterState::name).toList()) + ": " + failed.get(0).detail());
        }
    }
}
