package dev.meshstage.command;

import dev.meshstage.error.BackendException;
import dev.meshstage.backend.ImagePreload;
import dev.meshstage.render.AppRenderer;
import dev.meshstage.render.WorkshopRenderer;
import dev.meshstage.session.Session;
import dev.meshstage.step.ImagePreloadStep;
import dev.meshstage.workflow.WorkshopProgress;
import dev.meshstage.workshop.ClusterPlan;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import java.util.List;

/** {@code images preload}: step 1.2 of the workshop, the images of every later step onto the nodes. */
@Component
public class ImagesCommands {

    private final Session session;
    private final ImagePreloadStep step;
    private final WorkshopProgress workshop;
    private final Consoles consoles;

    public ImagesCommands(Session session, ImagePreloadStep step, WorkshopProgress workshop, Consoles consoles) {
        this.session = session;
        this.step = step;
        this.workshop = workshop;
        this.consoles = consoles;
    }

    @Command(name = {"images", "preload"}, group = "Workshop", completionProvider = "clusterNames",
            description = "Load the Istio, MetalLB and app images into the clusters' nodes (kind load docker-image)")
    public void preload(@Option(longName = "cluster", shortName = 'c', description = "only this cluster (default: all)") String cluster) {
        List<ClusterPlan> plans = session.resolveClusters(cluster == null ? List.of() : List.of(cluster));
        Console console = consoles.current();
        List<ImagePreload> results;
        try (ProgressPrinter progress = new ProgressPrinter(console, plans.stream().map(ClusterPlan::name).toList())) {
            results = step.run(plans, progress);
        }
        console.print(AppRenderer.preloaded(results));
        long failed = results.stream().filter(r -> !r.loaded()).count();
        if (failed > 0) {
            throw new BackendException(failed + " image" + (failed == 1 ? "" : "s") + " not preloaded (see above); "
                    + "pods using them will pull from the registry");
        }
        console.printWrapped(WorkshopRenderer.hint(workshop.read().next()));
    }
}
