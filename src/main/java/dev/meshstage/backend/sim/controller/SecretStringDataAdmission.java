package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.Admission;
import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Secret strategy of kube-apiserver: {@code stringData} entries are base64-encoded into {@code data}
 * (overriding keys there) and {@code stringData} is dropped; {@code type} defaults to {@code Opaque}.
 * Runs on create and update. (Registered by the controller runtime; the API server must not do it too —
 * doing it twice is harmless, as the second time there is no stringData left.)
 */
public final class SecretStringDataAdmission implements SimController, Admission {

    @Override
    public String name() {
        return "secret-stringdata";
    }

    @Override
    public void admissions(ControllerContext ctx) {
        ctx.addAdmission(this);
    }

    @Override
    public void admit(Operation operation, ResourceType type, ObjectNode oldObject, ObjectNode object, StoreView view) {
        if (!type.groupResource().equals("secrets")) {
            return;
        }
        if (!object.has("type") || object.path("type").asString("").isEmpty()) {
            object.put("type", "Opaque");
        }
        JsonNode stringData = object.get("stringData");
        if (stringData == null) {
            return;
        }
        if (stringData.isObject() && !stringData.isEmpty()) {
            ObjectNode data = Json.child(object, "data");
            stringData.properties().forEach(e -> data.put(e.getKey(),
                    Base64.getEncoder().encodeToString(e.getValue().asString("").getBytes(StandardCharsets.UTF_8))));
        }
        object.remove("stringData");
    }
}
