package dev.meshstage.step;

import dev.meshstage.backend.kind.ToolsCheck;
import dev.meshstage.kube.AppCatalog;
import dev.meshstage.kube.MetalLbManifests;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The one list of images this workshop runs, per cluster, for {@code images preload} (the workshop's
 * {@code 1.2-preload-images.sh} and {@code 5.0-preload-app-images.sh} in one): Istio's control plane and
 * proxy, MetalLB's controller and speaker, and the app's images as that cluster's manifests render them —
 * so a changed tag in {@code sample-app/kustomization.yaml} is what gets preloaded.
 */
public final class WorkshopImages {

    public static final List<String> ISTIO = List.of(
            "docker.io/istio/pilot:" + ToolsCheck.ISTIO_VERSION,
            "docker.io/istio/proxyv2:" + ToolsCheck.ISTIO_VERSION);
    public static final List<String> METALLB = List.of(
            "quay.io/metallb/controller:" + MetalLbManifests.VERSION,
            "quay.io/metallb/speaker:" + MetalLbManifests.VERSION);

    private WorkshopImages() {
    }

    /** Istio and MetalLB first (they run before the app), then the app's images in rendering order. */
    public static List<String> forCluster(AppCatalog catalog, String cluster) {
        Set<String> images = new LinkedHashSet<>(ISTIO);
        images.addAll(METALLB);
        catalog.services().stream().filter(s -> s.cluster().equals(cluster)).forEach(s -> images.addAll(s.images()));
        return List.copyOf(images);
    }
}
