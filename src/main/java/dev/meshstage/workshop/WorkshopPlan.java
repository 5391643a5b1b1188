package dev.meshstage.workshop;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The whole workshop read from one directory holding {@code configs/} and {@code sample-app/}. */
public record WorkshopPlan(Path directory, List<ClusterPlan> clusters) {

    public Optional<ClusterPlan> cluster(String name) {
        return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public List<String> clusterNames() {
        return clusters.stream().map(ClusterPlan::name).toList();
    }

    /** MetalLB IPAddressPool + L2Advertisement for {@code cluster}. */
    public Path metallbConfig(String cluster) {
        return WorkshopLayout.metallbConfig(directory, cluster);
    }

    /** IstioOperator for istiod and the ingress gateway of {@code cluster}. */
    public Path istioConfig(String cluster) {
        return WorkshopLayout.istioConfig(directory, cluster);
    }

    public Path eastWestGatewayConfig(String cluster) {
        return WorkshopLayout.eastWestGatewayConfig(directory, cluster);
    }

    /** The cross-network Gateway, applied in istio-system of every cluster. */
    public Path exposeServicesConfig() {
        return WorkshopLayout.exposeServicesConfig(directory);
    }

    public Path sampleApp() {
        return WorkshopLayout.sampleApp(directory);
    }

    /**
     * The app manifests of {@code cluster}: {@code sample-app/} for the first cluster ({@code kubectl apply -k
     * sample-app}), {@code sample-app/<cluster>-manifests/} for every other (the workshop's {@code cluster2-manifests}).
     */
    public Path appManifests(String cluster) {
        ClusterPlan.Attachment attached = cluster(cluster).map(ClusterPlan::attachment).orElse(null);
        if (attached != null) {
            // an attached cluster runs the share of the workshop cluster it stands for
            return attached.appHome() ? sampleApp() : sampleApp().resolve((attached.appPart() == null ? cluster : attached.appPart()) + "-manifests");
        }
        return !clusters.isEmpty() && clusters.get(0).name().equals(cluster) ? sampleApp()
                : sampleApp().resolve(cluster + "-manifests");
    }

    /** The same directory with other clusters: the attached ones that stand in for the workshop's. */
    public WorkshopPlan withClusters(List<ClusterPlan> others) {
        return new WorkshopPlan(directory, List.copyOf(others));
    }
}
