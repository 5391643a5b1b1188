package dev.meshstage.mesh.doctor;

import java.util.List;
import java.util.Optional;

/**
 * What the workshop directory says the mesh should be, as the checks need it (never the files themselves): per
 * cluster its planned nodes, subnets, pools and network, and what its app manifests hold.
 *
 * @param appNamespace the namespace Simple Buy lives in ({@code simple-buy})
 */
public record WorkshopExpectations(String appNamespace, List<ClusterExpectation> clusters) {

    /** The workshop README's layout: one control plane and two workers per cluster. */
    public static final int WORKERS_PROMISED = 2;

    public WorkshopExpectations {
        clusters = List.copyOf(clusters);
    }

    public Optional<ClusterExpectation> cluster(String name) {
        return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * One cluster's plan.
     *
     * @param kindConfig    the kind config file, as hints name it ({@code configs/kind/cluster1-config.yaml})
     * @param appDir        its app manifests ({@code sample-app/cluster2-manifests}), null when the workshop has none
     * @param namespace     the app Namespace those manifests create, null when they create none
     * @param workloads     the workloads those manifests run, with the names their settings call
     * @param services      the Services those manifests define
     */
    public record ClusterExpectation(String name, String network, String kindConfig, int controlPlanes, int workers,
            String podSubnet, String serviceSubnet, List<String> poolRanges, String appDir, ManifestNamespace namespace,
            List<ManifestWorkload> workloads, List<ManifestService> services) {

        public ClusterExpectation {
            poolRanges = List.copyOf(poolRanges);
            workloads = List.copyOf(workloads);
            services = List.copyOf(services);
        }

        public Optional<ManifestService> service(String name) {
            return services.stream().filter(s -> s.name().equals(name)).findFirst();
        }

        public boolean runs(String workload) {
            return workloads.stream().anyMatch(w -> w.name().equals(workload));
        }
    }

    /** The Namespace object an app directory holds, and whether it asks for sidecar injection. */
    public record ManifestNamespace(String name, boolean injection) {
    }

    /** @param calls Services (of any cluster's manifests) its settings name as hosts, in order */
    public record ManifestWorkload(String name, List<String> calls) {
        public ManifestWorkload {
            calls = List.copyOf(calls);
        }
    }

    /** @param selectsLocalPods a workload of the same manifests carries its selector (false for a stub) */
    public record ManifestService(String name, boolean headless, boolean selectsLocalPods) {
    }
}
