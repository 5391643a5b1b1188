package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.backend.sim.openapi.OpenApiDocuments;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /openapi/v2} and {@code /openapi/v3[/…]} from {@link OpenApiDocuments}, for the served kinds and
 * the schemas of the CRDs in the store. Documents are cached until the set of kinds or a CRD changes.
 */
final class OpenApi {

    static final String V2_PROTOBUF_TYPE = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    private final ObjectStore store;
    private String cacheKey = "";
    private List<ResourceType> types = List.of();
    private Map<String, ObjectNode> crdSchemas = Map.of();
    private final Map<String, ObjectNode> docs = new HashMap<>();
    private ObjectNode index;
    private ObjectNode v2;

    OpenApi(ObjectStore store) {
        this.store = store;
    }

    ApiResponse serve(List<String> rest, ApiRequest req) {
        if (!req.method().equals("GET")) {
            throw ApiStatus.methodNotAllowed();
        }
        synchronized (this) {
            refresh();
            if (rest.size() == 1 && rest.get(0).equals("v2")) {
                String accept = req.accept() == null ? "" : req.accept();
                if (accept.contains("protobuf") && !accept.contains("json")) {
                    return new ApiResponse(200, V2_PROTOBUF_TYPE, OpenApiDocuments.v2Protobuf("v1.34.3"));
                }
                if (v2 == null) {
                    v2 = OpenApiDocuments.v2(types, crdSchemas);
                }
                return ApiResponse.json(200, v2);
            }
            if (rest.isEmpty() || !rest.get(0).equals("v3")) {
                return RestHandler.notFound();
            }
            if (rest.size() == 1) {
                if (index == null) {
                    index = OpenApiDocuments.v3Index(types, crdSchemas);
                }
                return ApiResponse.json(200, index);
            }
            String gv = String.join("/", rest.subList(1, rest.size()));
            ObjectNode doc = docs.computeIfAbsent(gv, k -> OpenApiDocuments.v3GroupVersion(types, crdSchemas, k));
            if (doc == null) {
                docs.remove(gv);
                return RestHandler.notFound();
            }
            return ApiResponse.json(200, doc);
        }
    }

    private void refresh() {
        List<ResourceType> now = store.registry().all();
        ResourceType crdType = store.registry().byPath("apiextensions.k8s.io", "v1", "customresourcedefinitions").orElse(null);
        List<ObjectNode> crds = crdType == null ? List.of() : store.list(crdType, "");
        StringBuilder key = new StringBuilder().append(now.size()).append('|');
        crds.forEach(c -> key.append(c.path("metadata").path("resourceVersion").asString()).append(','));
        if (key.toString().equals(cacheKey)) {
            return;
        }
        cacheKey = key.toString();
        types = now;
        Map<String, ObjectNode> schemas = new LinkedHashMap<>();
        for (ObjectNode crd : crds) {
            JsonNode spec = crd.path("spec");
            String group = spec.path("group").asString();
            String kind = spec.path("names").path("kind").asString();
            for (JsonNode v : spec.path("versions")) {
                JsonNode schema = v.path("schema").path("openAPIV3Schema");
                if (schema instanceof ObjectNode s) {
                    schemas.put(group + "/" + v.path("name").asString() + "/" + kind, s);
                }
            }
        }
        crdSchemas = schemas;
        docs.clear();
        index = null;
        v2 = null;
    }
}
