package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.node.ObjectNode;

/** Create-if-absent helpers for objects a cluster has from the start. */
final class Bootstrap {

    private Bootstrap() {
    }

    /** Creates {@code obj} unless an object of that name exists; returns the stored object. */
    static ObjectNode ensure(ControllerContext ctx, ResourceType type, ObjectNode obj) {
        String ns = obj.path("metadata").path("namespace").asString("");
        String name = obj.path("metadata").path("name").asString();
        ObjectNode existing = ctx.store().find(type, ns, name);
        if (existing != null) {
            return existing;
        }
        ObjectNode status = obj.has("status") ? (ObjectNode) obj.get("status").deepCopy() : null;
        ObjectNode created = ctx.store().create(type, ns, obj);
        if (status != null && type.statusSubresource() && !created.has("status")) {
            created.set("status", status);
            Json.meta(created).remove("resourceVersion");
            created = ctx.store().updateStatus(type, ns, name, created);
        }
        return created;
    }

    static ObjectNode q(String json) {
        return Json.parse(json.replace('\'', '"'));
    }
}
