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
}
