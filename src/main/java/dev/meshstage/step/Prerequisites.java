package dev.meshstage.step;

import dev.meshstage.backend.BackendException;
import dev.meshstage.mesh.ProgressReader;
import dev.meshstage.session.Session;
import dev.meshstage.workshop.ClusterPlan;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.List;

/**
 * The workshop's state machine, read back from the clusters: a step runs only on clusters that have
 * reached the step before it, else the user is told which command to run first.
 */
public final class Prerequisites {

    private Prerequisites() {
    }

    /** @throws BackendException naming the cluster, what is missing and the command to run first */
    public static void require(Session session, List<ClusterPlan> clusters, WorkshopStep needed, String step) {
        for (ClusterPlan c : clusters) {
            WorkshopStep reached = reached(session, c);
            if (reached.ordinal() < needed.ordinal()) {
                WorkshopStep missing = WorkshopStep.values()[reached.ordinal() + 1];
                throw new BackendException("'" + step + "' needs " + c.name() + " to have reached '"
                        + needed.description() + "', but it is at '" + reached.description() + "': run '"
                        + missing.command() + "' first");
            }
        }
    }

    public static WorkshopStep reached(Session session, ClusterPlan c) {
        if (session.backend().listClusters().stream().noneMatch(s -> s.name().equals(c.name()))) {
            return WorkshopStep.NONE;
        }
        try {
            var client = session.client(c.name());
            return ProgressReader.read(client, client.nodes().list().getItems().size());
        } catch (KubernetesClientException e) {
            throw new BackendException(c.name() + ": " + ProgressReader.explain(e));
        }
    }
}
