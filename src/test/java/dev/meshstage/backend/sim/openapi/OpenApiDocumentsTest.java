package dev.meshstage.backend.sim.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.meshstage.backend.sim.patch.Json;
import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class OpenApiDocumentsTest {
    static final List<String> VERBS = List.of("get", "list", "watch", "create", "update", "patch", "delete");
    static final List<ResourceType> TYPES = List.of(
            new ResourceType("", "v1", "Pod", "pods", "pod", true, List.of("po"), List.of("all"), true, false, VERBS),
            new ResourceType("", "v1", "Namespace", "namespaces", "namespace", false, List.of("ns"), List.of(), true,
                    false, VERBS),
            new ResourceType("apps", "v1", "Deployment", "deployments", "deployment", true, List.of("deploy"),
                    List.of("all"), true, true, VERBS),
            new ResourceType("networking.istio.io", "v1", "Gateway", "gateways", "gateway", true, List.of("gw"),
                    List.of(), false, false, VERBS));
    static final Map<String, ObjectNode> CRDS = Map.of("networking.istio.io/v1/Gateway", Json.parseObject("""
            {"type":"object","description":"Gateway describes a load balancer.",
             "properties":{"spec":{"type":"object","properties":{"selector":{"type":"object",
               "additionalProperties":{"type":"string"}}}}}}"""));

    @Test
    void indexListsEveryGroupVersionWithHash() {
        ObjectNode idx = OpenApiDocuments.v3Index(TYPES, CRDS);
        assertThat(idx.get("paths").propertyNames()).containsExactly("api/v1", "apis/apps/v1",
                "apis/networking.istio.io/v1");
        String url = idx.at("/paths/apis~1apps~1v1/serverRelativeURL").asString();
        assertThat(url).matches("/openapi/v3/apis/apps/v1\\?hash=[0-9A-F]{128}");
        ObjectNode doc = OpenApiDocuments.v3GroupVersion(TYPES, CRDS, url);
        assertThat(url).endsWith(OpenApiDocuments.hash(doc));
        assertThat(OpenApiDocuments.v3GroupVersion(TYPES, CRDS, "apis/nope/v1")).isNull();
    }

    /** What cli-runtime's queryParamVerifierV3 does: every PATCH op of the GVK must list fieldValidation. */
    static List<JsonNode> patchOpsFor(ObjectNode doc, ResourceType t) {
        List<JsonNode> ops = new ArrayList<>();
        for (JsonNode pathItem : doc.get("paths").values()) {
            JsonNode patch = pathItem.get("patch");
            if (patch == null) {
                continue;
            }
            JsonNode gvk = patch.get("x-kubernetes-group-version-kind");
            if (t.group().equals(gvk.get("group").asString()) && t.version().equals(gvk.get("version").asString())
                    && t.kind().equals(gvk.get("kind").asString())) {
                ops.add(patch);
            }
        }
        return ops;
    }

    static List<String> paramNames(JsonNode op) {
        List<String> names = new ArrayList<>();
        op.path("parameters").values().forEach(p -> {
            if ("query".equals(p.get("in").asString())) {
                names.add(p.get("name").asString());
            }
        });
        return names;
    }

    @Test
    void groupVersionDocsHaveFieldValidationOnPatchAndGvkSchemas() {
        for (ResourceType t : TYPES) {
            ObjectNode doc = OpenApiDocuments.v3GroupVersion(TYPES, CRDS, OpenApiDocuments.groupVersionPath(t));
            assertThat(doc.get("openapi").asString()).startsWith("3.0");
            List<JsonNode> ops = patchOpsFor(doc, t);
            assertThat(ops).as(t.kind()).isNotEmpty();
            for (JsonNode op : ops) {
                assertThat(paramNames(op)).contains("fieldValidation", "fieldManager", "force", "dryRun");
                assertThat(op.at("/requestBody/content").propertyNames())
                        .contains("application/apply-patch+yaml", "application/merge-patch+json")
                        .doesNotContain("application/strategic-merge-patch+json");
            }
            for (String m : List.of("post", "put")) {
                doc.get("paths").values().forEach(p -> {
                    if (p.has(m)) {
                        assertThat(paramNames(p.get(m))).contains("fieldValidation");
                    }
                });
            }
            JsonNode schema = doc.at("/components/schemas/" + OpenApiDocuments.schemaName(t).replace("/", "~1"));
            assertThat(schema.isObject()).as(OpenApiDocuments.schemaName(t)).isTrue();
            JsonNode gvks = schema.get("x-kubernetes-group-version-kind");
            assertThat(gvks.isArray()).isTrue();
            assertThat(gvks.get(0).get("kind").asString()).isEqualTo(t.kind());
            assertThat(schema.at("/properties/metadata/allOf/0/$ref").asString())
                    .isEqualTo("#/components/schemas/" + OpenApiDocuments.OBJECT_META);
            assertThat(doc.at("/components/schemas").has(OpenApiDocuments.OBJECT_META)).isTrue();
        }
    }

    @Test
    void explainCanFindTheKindFromThePaths() {
        ObjectNode core = OpenApiDocuments.v3GroupVersion(TYPES, CRDS, "api/v1");
        assertThat(core.at("/paths/~1api~1v1~1namespaces~1{namespace}~1pods/get/x-kubernetes-group-version-kind/kind")
                .asString()).isEqualTo("Pod");
        assertThat(core.at("/paths/~1api~1v1~1namespaces/get/x-kubernetes-group-version-kind/kind").asString())
                .isEqualTo("Namespace");
        assertThat(core.at("/paths/~1api~1v1~1namespaces~1{name}/patch").isObject()).isTrue();
        ObjectNode apps = OpenApiDocuments.v3GroupVersion(TYPES, CRDS, "/openapi/v3/apis/apps/v1?hash=x");
        assertThat(apps.at("/paths/~1apis~1apps~1v1~1namespaces~1{namespace}~1deployments~1{name}~1scale/patch/"
                + "x-kubernetes-group-version-kind/kind").asString()).isEqualTo("Scale");
        assertThat(apps.at("/components/schemas/io.k8s.api.apps.v1.Deployment/properties/spec/allOf/0/$ref").asString())
                .isEqualTo("#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec");
        JsonNode container = apps.at("/components/schemas/io.k8s.api.core.v1.Container/properties");
        assertThat(container.at("/ports/items/allOf/0/$ref").asString()).isEqualTo("#/components/schemas/io.k8s.api.core.v1.ContainerPort");
        assertThat(container.at("/terminationGracePeriodSeconds").isMissingNode()).isTrue();
        assertThat(apps.at("/components/schemas/io.k8s.api.core.v1.ContainerPort/properties/containerPort/format").asString()).isEqualTo("int32");
        assertThat(apps.at("/components/schemas/io.k8s.api.core.v1.Volume/properties/configMap/allOf/0/$ref").asString())
                .as("VolumeSource is inlined").isEqualTo("#/components/schemas/io.k8s.api.core.v1.ConfigMapVolumeSource");
        assertThat(apps.at("/components/schemas/io.k8s.api.core.v1.ObjectFieldSelector/properties/apiVersion/type").asString()).isEqualTo("string");
        ObjectNode istio = OpenApiDocuments.v3GroupVersion(TYPES, CRDS, "apis/networking.istio.io/v1");
        JsonNode gw = istio.at("/components/schemas/io.istio.networking.v1.Gateway");
        assertThat(gw.at("/properties/spec/properties/selector/type").asString()).isEqualTo("object");
        assertThat(gw.get("description").asString()).isEqualTo("Gateway describes a load balancer.");
    }

    @Test
    void swagger2HasDefinitionsWithGvkAndFieldValidation() {
        ObjectNode v2 = OpenApiDocuments.v2(TYPES, CRDS);
        assertThat(v2.get("swagger").asString()).isEqualTo("2.0");
        for (ResourceType t : TYPES) {
            JsonNode def = v2.at("/definitions/" + OpenApiDocuments.schemaName(t));
            assertThat(def.at("/x-kubernetes-group-version-kind/0/kind").asString()).isEqualTo(t.kind());
        }
        JsonNode patch = v2.at("/paths/~1apis~1apps~1v1~1namespaces~1{namespace}~1deployments~1{name}/patch");
        List<String> names = new ArrayList<>();
        patch.get("parameters").values().forEach(p -> names.add(p.get("name").asString()));
        assertThat(names).contains("body", "fieldValidation", "fieldManager", "force");
        assertThat(patch.at("/x-kubernetes-group-version-kind/kind").asString()).isEqualTo("Deployment");
        assertThat(patch.at("/parameters/0/schema/$ref").asString())
                .isEqualTo("#/definitions/" + OpenApiDocuments.PATCH);
    }

    @Test
    void v2ProtobufIsAMinimalGnosticDocument() {
        byte[] b = OpenApiDocuments.v2Protobuf("v1.31.0");
        // field 1 (swagger) "2.0", field 2 (info) { field 1 "Kubernetes", field 2 "v1.31.0" }
        byte[] expected = new byte[] {0x0A, 3, '2', '.', '0', 0x12, 21, 0x0A, 10, 'K', 'u', 'b', 'e', 'r', 'n', 'e',
            't', 'e', 's', 0x12, 7, 'v', '1', '.', '3', '1', '.', '0'};
        assertThat(b).containsExactly(expected);
    }
}
