package dev.meshstage.step;

import dev.meshstage.backend.ImagePreload;
import dev.meshstage.backend.ProgressListener;
import dev.meshstage.session.Session;
import dev.meshstage.workflow.Step;
import dev.meshstage.workflow.WorkshopProgress;
import dev.meshstage.workshop.ClusterPlan;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Step 1.2 (and 5.0): the workshop's images onto the clusters' nodes before they are needed, so installs do
 * not wait for registries and work offline. Each image's outcome is reported; one failure does not stop the rest.
 */
@Component
public class ImagePreloadStep {

    private final Session session;
    private final WorkshopProgress workshop;

    public ImagePreloadStep(Session session, WorkshopProgress workshop) {
        this.session = session;
        this.workshop = workshop;
    }

    public List<ImagePreload> run(List<ClusterPlan> clusters, ProgressListener progress) {
        workshop.require("images preload", Step.CLUSTERS, clusters);
        AppManifests manifests = AppManifests.of(session.plan());
        List<ImagePreload> out = new ArrayList<>();
        for (ClusterPlan c : clusters) {
            out.addAll(session.backendFor(c.name()).preloadImages(c.name(), WorkshopImages.forCluster(manifests.catalog(), c.name()),
                    progress));
        }
        return out;
    }
}
