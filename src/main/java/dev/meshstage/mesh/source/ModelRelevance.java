package dev.meshstage.mesh.source;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;

import java.util.Objects;

/**
 * Whether an update seen by a watch can change the model, so that a live model does not rebuild thousands of pods
 * for what it never reads: a kubelet's node status report (every condition's {@code lastHeartbeatTime}, every
 * minute to five) or an object a re-list hands back unchanged.
 */
final class ModelRelevance {

    private ModelRelevance() {
    }

    static boolean changesModel(HasMetadata before, HasMetadata after) {
        if (before == null || after == null) {
            return true;
        }
        String was = before.getMetadata() == null ? null : before.getMetadata().getResourceVersion();
        String is = after.getMetadata() == null ? null : after.getMetadata().getResourceVersion();
        if (was != null && was.equals(is)) {
            return false;
        }
        if (before instanceof Node b && after instanceof Node a) {
            return !Objects.equals(ObjectFacts.node(b), ObjectFacts.node(a)); // the model reads a node only as its NodeFact
        }
        return true;
    }
}
