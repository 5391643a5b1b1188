package dev.meshstage.mesh.source;

import dev.meshstage.mesh.model.MeshModel;

/**
 * Told by the live source when the model changes (as k9s's table model tells its views): a new model, a cluster
 * with nothing read yet, or a cluster that stopped answering. Called on the source's own thread; keep it short.
 */
public interface ModelListener {

    void changed(MeshModel model);

    default void noData(String cluster) {
    }

    default void failed(String cluster, String problem) {
    }
}
