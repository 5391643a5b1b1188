package dev.meshstage.backend.sim.openapi;

import dev.meshstage.backend.sim.patch.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * What the Kubernetes API says of its types and fields, as kube-apiserver's OpenAPI carries it: the resource
 * {@code api-descriptions.json}, made at build time from client-java-proto's generated sources
 * ({@code src/build/java/ProtoDescriptions.java}), keyed by protobuf names ({@code k8s.io.api.core.v1.PodSpec},
 * {@code k8s.io.api.core.v1.PodSpec.containers}).
 */
final class ApiDescriptions {

    private static final String RESOURCE = "api-descriptions.json";

    private ApiDescriptions() {
    }

    private static final class Loaded {
        static final ObjectNode ALL = load();
    }

    /** The description of a message ({@code k8s.io.api.core.v1.PodSpec}), or null. */
    static String ofType(String protoFullName) {
        JsonNode d = Loaded.ALL.get(protoFullName);
        return d == null ? null : d.asString();
    }

    /** The description of a message's field by its protobuf name, or null. */
    static String ofField(String protoFullName, String field) {
        return ofType(protoFullName + "." + field);
    }

    /** Sets {@code description} on {@code schema} when there is one. */
    static ObjectNode describe(ObjectNode schema, String description) {
        if (description != null && !description.isEmpty()) {
            schema.put("description", description);
        }
        return schema;
    }

    private static ObjectNode load() {
        try (InputStream in = ApiDescriptions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing: it is made by the build (generate-resources)");
            }
            return Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
