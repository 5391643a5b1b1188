package dev.meshstage.command;

import dev.meshstage.error.BackendException;
import dev.meshstage.render.AppRenderer;
import dev.meshstage.render.Json;
import dev.meshstage.render.WorkshopRenderer;
import dev.meshstage.step.AppIngress;
import dev.meshstage.step.AppSteps;
import dev.meshstage.workflow.WorkshopProgress;
import org.springframework.shell.core.command.annotation.Arguments;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import java.util.List;

/** {@code app deploy|delete|status|url|open|close}: steps 5 and 6 of the workshop, and reaching the app. */
@Component
public class AppCommands {

    private final AppSteps steps;
    private final AppIngress ingress;
    private final WorkshopProgress workshop;
    private final Consoles consoles;

    public AppCommands(AppSteps steps, AppIngress ingress, WorkshopProgress workshop, Consoles consoles) {
        this.workshop = workshop;
        this.steps = steps;
        this.ingress = ingress;
        this.consoles = consoles;
    }

    @Command(name = {"app", "deploy"}, group = "Workshop", completionProvider = "appServices",
            description = "Simple Buy onto a cluster (sample-app/, or cluster2-manifests/ with --cluster 2), or the named services with what they need; waits until ready")
    public void deploy(@Arguments List<String> services,
            @Option(longName = "cluster", shortName = 'c', description = "target cluster (default: the app's home, the first)") String cluster) {
        Console console = consoles.current();
        AppSteps.Deployed result;
        String target = steps.target(cluster).name();
        try (ProgressPrinter progress = new ProgressPrinter(console, List.of(target))) {
            result = steps.deploy(cluster, services == null ? List.of() : services, progress);
        }
        console.print(AppRenderer.deployed(result.cluster(), result.dir(), result.applied(), result.workloads(), result.unchanged()));
        if (result.failure() != null) {
            throw new BackendException("app deploy on " + result.cluster() + ": " + result.failure());
        }
        console.printWrapped(WorkshopRenderer.hint(workshop.read().next()));
    }

    @Command(name = {"app", "delete"}, group = "Workshop", completionProvider = "appServices",
            description = "Remove Simple Buy from a cluster (kubectl delete -k), or only the named services' own objects")
    public void delete(@Arguments List<String> services,
            @Option(longName = "cluster", shortName = 'c', description = "target cluster (default: the current one, see 'use')") String cluster) {
        List<String> lines = steps.delete(cluster, services == null ? List.of() : services);
        Console console = consoles.current();
        console.println(steps.deleteTarget(cluster).name() + ":");
        lines.forEach(l -> console.println("  " + l));
    }

    @Command(name = {"app", "status"}, group = "Look",
            description = "The app's workloads in every cluster: ready, restarts, sidecar, image, and why any is not ready")
    public void status(@Option(longName = "json", description = "machine-readable output") boolean json) {
        var workloads = steps.status();
        consoles.current().print(json ? Json.render(workloads) : AppRenderer.status(workloads));
    }

    @Command(name = {"app", "url"}, group = "Look", description = "Where the ingress gateway listens: load-balancer IP, node port, app open")
    public void url() {
        consoles.current().print(AppRenderer.url(ingress.url()));
    }

    @Command(name = {"app", "open"}, group = "Look",
            description = "Serve the ingress gateway on http://127.0.0.1:PORT while the shell runs (curl, a browser)")
    public void open(@Option(longName = "port", shortName = 'p', defaultValue = "8080", description = "local port") Integer port) {
        String url = ingress.open(port);
        Console console = consoles.current();
        console.println("ingress gateway open on " + url + " until 'app close' or exit");
        console.println("try: curl " + url + "api/products");
    }

    @Command(name = {"app", "close"}, group = "Look", description = "Stop serving what 'app open' opened")
    public void close() {
        String was = ingress.stop();
        consoles.current().println(was == null ? "nothing open" : "closed " + was);
    }
}
