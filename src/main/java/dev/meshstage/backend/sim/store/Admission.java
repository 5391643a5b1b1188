package dev.meshstage.backend.sim.store;

import tools.jackson.databind.node.ObjectNode;

/**
 * A mutating/validating step every write passes through before it is stored, in registration order — the
 * sim's stand-in for a type's registry strategy and for admission (defaulting, ClusterIP allocation,
 * {@code stringData}, webhooks such as sidecar injection). Runs under the store's write lock, so it must
 * be quick and must not call back into the store's write methods.
 */
@FunctionalInterface
public interface Admission {

    enum Operation { CREATE, UPDATE }

    /**
     * @param oldObject the stored object for an update, null for a create
     * @param object    the object about to be stored; mutate it in place, or throw {@link StoreException}
     */
    void admit(Operation operation, ResourceType type, ObjectNode oldObject, ObjectNode object, StoreView view);

    /** Read access to the store from inside an admission step (the write lock is held). */
    interface StoreView {
        ObjectNode find(String groupResource, String namespace, String name);

        java.util.List<ObjectNode> all(String groupResource, String namespace);
    }
}
