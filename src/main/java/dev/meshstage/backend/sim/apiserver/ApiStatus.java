package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.backend.sim.store.StoreException;
import tools.jackson.databind.node.ObjectNode;

/** {@code metav1.Status} bodies, as kube-apiserver writes them. */
final class ApiStatus {

    private ApiStatus() {
    }

    static ObjectNode failure(int code, String reason, String message) {
        ObjectNode s = Json.object();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure");
        s.put("message", message);
        s.put("reason", reason);
        s.putObject("details");
        s.put("code", code);
        return s;
    }

    static ObjectNode failure(StoreException e, String name, String group, String resource) {
        ObjectNode s = failure(e.code(), e.reason(), e.getMessage());
        ObjectNode d = (ObjectNode) s.get("details");
        if (name != null && !name.isEmpty()) {
            d.put("name", name);
        }
        if (group != null && !group.isEmpty()) {
            d.put("group", group);
        }
        if (resource != null && !resource.isEmpty()) {
            d.put("kind", resource);
        }
        return s;
    }

    static ObjectNode success() {
        ObjectNode s = Json.object();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Success");
        return s;
    }

    static ObjectNode notFoundPath() {
        return failure(404, "NotFound", "the server could not find the requested resource");
    }

    static ObjectNode unauthorized() {
        ObjectNode s = failure(401, "Unauthorized", "Unauthorized");
        s.remove("details");
        return s;
    }

    static StoreException methodNotAllowed() {
        return new StoreException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
    }

    static StoreException unsupportedMediaType(String contentType) {
        return new StoreException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - accepted media types include: "
                + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"
                + (contentType == null ? "" : " (got " + contentType + ")"));
    }
}
