package dev.meshstage.mesh.model;

import java.util.List;
import java.util.Map;

/**
 * A Deployment, StatefulSet or DaemonSet: how many pods it wants and has ready, what it runs, which pods it selects.
 *
 * @param images the images of its pod template's containers, in order
 * @param observed its controller has seen the latest spec ({@code status.observedGeneration >= metadata.generation})
 */
public record WorkloadFact(Kind kind, String namespace, String name, int desired, int ready, int available,
        List<String> containers, List<String> images, Map<String, String> selector, Map<String, String> templateAnnotations,
        boolean observed) {

    public WorkloadFact(Kind kind, String namespace, String name, int desired, int ready, int available,
            List<String> containers, List<String> images, Map<String, String> selector, Map<String, String> templateAnnotations) {
        this(kind, namespace, name, desired, ready, available, containers, images, selector, templateAnnotations, true);
    }

    public enum Kind { DEPLOYMENT, STATEFULSET, DAEMONSET;

        /** {@code Deployment}, as kubectl names the kind. */
        public String kubeKind() {
            return switch (this) {
                case DEPLOYMENT -> "Deployment";
                case STATEFULSET -> "StatefulSet";
                case DAEMONSET -> "DaemonSet";
            };
        }
    }

    public WorkloadFact {
        containers = List.copyOf(containers);
        images = List.copyOf(images);
        selector = Map.copyOf(selector);
        templateAnnotations = Map.copyOf(templateAnnotations);
    }

    /** The one rule for "available": at least one pod available, and every wanted pod ready. */
    public boolean isAvailable() {
        return desired > 0 && available >= 1 && ready >= desired;
    }

    /** The image of the container the workload is about: the first that is not the sidecar. */
    public String appImage() {
        for (int i = 0; i < containers.size(); i++) {
            if (!PodFact.SIDECAR_CONTAINER.equals(containers.get(i))) {
                return images.get(i);
            }
        }
        return "";
    }

    /** At least one pod serving (what an istiod or a gateway needs to answer at all). */
    public boolean serving() {
        return available > 0;
    }
}
