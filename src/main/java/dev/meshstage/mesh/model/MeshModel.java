package dev.meshstage.mesh.model;

import java.util.List;
import java.util.Optional;

/**
 * Every fact of the clusters in play that status, doctor, trace and the dashboard read: typed, immutable, the same
 * whichever source built it (a snapshot read or the live, watch-fed view) and whichever backend serves the clusters.
 */
public record MeshModel(List<ClusterFacts> clusters) {

    public MeshModel {
        clusters = List.copyOf(clusters);
    }

    public Optional<ClusterFacts> cluster(String name) {
        return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public List<String> names() {
        return clusters.stream().map(ClusterFacts::name).toList();
    }
}
