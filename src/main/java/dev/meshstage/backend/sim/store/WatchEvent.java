package dev.meshstage.backend.sim.store;

import tools.jackson.databind.node.ObjectNode;

/** One change as a watch delivers it. The object is a private copy the receiver may keep. */
public record WatchEvent(Type type, ResourceType resource, ObjectNode object, long resourceVersion) {

    public enum Type { ADDED, MODIFIED, DELETED, BOOKMARK }

    public String namespace() {
        return Objects.namespace(object);
    }

    public String name() {
        return Objects.name(object);
    }
}
