package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.backend.sim.store.InvalidObject;
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
        if (e instanceof InvalidObject invalid) {
            // an Invalid names the object and its kind, with the field errors as causes
            d.put("name", invalid.name());
            if (!invalid.group().isEmpty()) {
                d.put("group", invalid.group());
            }
            d.put("kind", invalid.kind());
            var causes = d.putArray("causes");
            invalid.causes().forEach(c -> causes.addObject().put("reason", c.reason()).put("message", c.message()).put("field", c.field()));
            return s;
        }
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

    /**
     * The authorizer's refusal as kube-apiserver words it: {@code pods "web" is forbidden: User "u" cannot get
     * resource "pods" in API group "" in the namespace "demo"}, {@code forbidden: User "u" cannot get path "/x"}.
     */
    static ObjectNode forbidden(Rbac.Attributes a, String username) {
        if (!a.resourceRequest()) {
            return failure(403, "Forbidden", "forbidden: User \"" + username + "\" cannot " + a.verb() + " path \"" + a.path() + "\"");
        }
        String resource = a.subresource().isEmpty() ? a.resource() : a.resource() + "/" + a.subresource();
        String scope = a.namespace().isEmpty() ? "at the cluster scope" : "in the namespace \"" + a.namespace() + "\"";
        String why = "User \"" + username + "\" cannot " + a.verb() + " resource \"" + resource + "\" in API group \"" + a.group()
                + "\" " + scope;
        String qualified = a.group().isEmpty() ? a.resource() : a.resource() + "." + a.group();
        String message = (a.name().isEmpty() ? qualified : qualified + " \"" + a.name() + "\"") + " is forbidden: " + why;
        return failure(new StoreException(403, "Forbidden", message), a.name(), a.group(), a.resource());
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
