package dev.meshstage.mesh.doctor;

import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.MeshModel;

import java.util.List;
import java.util.Optional;

/**
 * Everything a check may read: the mesh as the clusters' APIs show it, what the workshop expects, and the backend's
 * tools ({@code backendTools} empty when the backend needs none, as the sim).
 */
public record DoctorInput(MeshModel model, WorkshopExpectations workshop, String backend, List<ToolFact> backendTools) {

    public DoctorInput {
        backendTools = List.copyOf(backendTools);
    }

    public List<ClusterFacts> clusters() {
        return model.clusters();
    }

    /** The clusters that answered; checks about their contents skip the others (the contexts check names them). */
    public List<ClusterFacts> reachable() {
        return model.clusters().stream().filter(ClusterFacts::reachable).toList();
    }

    public Optional<WorkshopExpectations.ClusterExpectation> plan(String cluster) {
        return workshop.cluster(cluster);
    }

    /** The kubectl flag naming a cluster, as every kubectl hint ends. */
    public static String ctx(ClusterFacts c) {
        return "--context " + c.context();
    }
}
