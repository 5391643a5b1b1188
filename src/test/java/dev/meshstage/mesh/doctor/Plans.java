package dev.meshstage.mesh.doctor;

import dev.meshstage.mesh.model.MeshModelBuilder;

import java.util.ArrayList;
import java.util.List;

/** The workshop expectations matching {@link MeshModelBuilder#workshop()}, as mutable parts tests change. */
final class Plans {

    static final class ClusterPlan {
        String name;
        String network;
        int workers = 2;
        String podSubnet;
        String serviceSubnet;
        List<String> pools = new ArrayList<>();
        String appDir;
        WorkshopExpectations.ManifestNamespace namespace = new WorkshopExpectations.ManifestNamespace(MeshModelBuilder.APP, true);
        final List<WorkshopExpectations.ManifestWorkload> workloads = new ArrayList<>();
        final List<WorkshopExpectations.ManifestService> services = new ArrayList<>();

        WorkshopExpectations.ClusterExpectation build() {
            return new WorkshopExpectations.ClusterExpectation(name, network, "configs/kind/" + name + "-config.yaml", 1, workers,
                    podSubnet, serviceSubnet, pools, appDir, namespace, workloads, services);
        }

        ClusterPlan service(String name, boolean headless) {
            services.replaceAll(s -> s.name().equals(name) ? new WorkshopExpectations.ManifestService(name, headless,
                    s.selectsLocalPods()) : s);
            return this;
        }
    }

    final ClusterPlan cluster1 = new ClusterPlan();
    final ClusterPlan cluster2 = new ClusterPlan();

    Plans() {
        cluster1.name = "cluster1";
        cluster1.network = "network1";
        cluster1.podSubnet = "10.244.0.0/16";
        cluster1.serviceSubnet = "10.96.0.0/16";
        cluster1.appDir = "sample-app";
        cluster1.workloads.add(new WorkshopExpectations.ManifestWorkload("cart", List.of("product", "redis", "postgres")));
        cluster1.workloads.add(new WorkshopExpectations.ManifestWorkload("redis", List.of()));
        cluster1.workloads.add(new WorkshopExpectations.ManifestWorkload("postgres", List.of()));
        cluster1.services.add(new WorkshopExpectations.ManifestService("cart", false, true));
        cluster1.services.add(new WorkshopExpectations.ManifestService("redis", true, true));
        cluster1.services.add(new WorkshopExpectations.ManifestService("postgres", false, true));
        cluster1.services.add(new WorkshopExpectations.ManifestService("product", false, false));
        cluster2.name = "cluster2";
        cluster2.network = "network2";
        cluster2.podSubnet = "10.245.0.0/16";
        cluster2.serviceSubnet = "10.97.0.0/16";
        cluster2.appDir = "sample-app/cluster2-manifests";
        cluster2.workloads.add(new WorkshopExpectations.ManifestWorkload("product", List.of("postgres")));
        cluster2.services.add(new WorkshopExpectations.ManifestService("product", false, true));
        cluster2.services.add(new WorkshopExpectations.ManifestService("postgres", false, false));
    }

    WorkshopExpectations build() {
        return new WorkshopExpectations(MeshModelBuilder.APP, List.of(cluster1.build(), cluster2.build()));
    }
}
