package dev.meshstage.backend.sim;

import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The istio-reader ClusterRole and its binding, as this build's {@code mesh install} makes them, brought up to date
 * in a cluster restored from a saved state where the mesh's base is installed (its reader ServiceAccount exists):
 * a home saved before the sim enforced RBAC has neither, and its remote secrets' token would be refused (403) by
 * the other istiod's reads until {@code mesh install} ran again. A role or binding already as made is left alone.
 */
final class MeshReaderAccess {

    private MeshReaderAccess() {
    }

    /** Creates or updates the reader's role and binding when the mesh is installed; true when anything changed. */
    static boolean refresh(ObjectStore store) {
        ResourceType accounts = store.registry().require("v1", "ServiceAccount");
        if (store.find(accounts, IstioManifests.NAMESPACE, "istio-reader-service-account") == null) {
            return false;
        }
        boolean changed = false;
        for (ObjectNode wanted : List.of(IstioManifests.readerRole(), IstioManifests.readerBinding())) {
            ResourceType type = store.registry().require(wanted.path("apiVersion").asString(), wanted.path("kind").asString());
            String name = wanted.path("metadata").path("name").asString();
            ObjectNode have = store.find(type, "", name);
            if (have == null) {
                store.create(type, "", wanted);
                changed = true;
            } else if (!sameAccess(have, wanted)) {
                ObjectNode updated = have.deepCopy();
                for (String field : List.of("rules", "roleRef", "subjects")) {
                    if (wanted.has(field)) {
                        updated.set(field, wanted.get(field).deepCopy());
                    }
                }
                store.update(type, "", name, updated);
                changed = true;
            }
        }
        return changed;
    }

    private static boolean sameAccess(ObjectNode have, ObjectNode wanted) {
        for (String field : List.of("rules", "roleRef", "subjects")) {
            if (wanted.has(field) && !wanted.get(field).equals(have.get(field))) {
                return false;
            }
        }
        return true;
    }
}
