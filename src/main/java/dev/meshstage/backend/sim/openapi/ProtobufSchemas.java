package dev.meshstage.backend.sim.openapi;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import dev.meshstage.backend.sim.patch.Json;
import dev.meshstage.backend.sim.protobuf.ProtobufFieldRules;
import dev.meshstage.backend.sim.protobuf.ProtobufMessages;
import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI schema of a built-in kind, down to every field, from its generated protobuf message: the same
 * type tree kube-apiserver publishes (component names {@code io.k8s.api.core.v1.PodSpec}, JSON field names,
 * inlined embeddings, the apimachinery types as their JSON forms), so {@code kubectl explain pods.spec.containers.ports}
 * finds every level. The descriptions of types and fields are kube-apiserver's ({@link ApiDescriptions}).
 */
final class ProtobufSchemas {

    private static final ProtobufFieldRules RULES = ProtobufFieldRules.builtIn();
    private static final String TIME = "k8s.io.apimachinery.pkg.apis.meta.v1.Time";
    private static final String MICRO_TIME = "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime";

    private ProtobufSchemas() {
    }

    /**
     * The kind's schema, with every message it reaches added to {@code schemas} (under {@code refPrefix}); null
     * when the sim has no protobuf message for the kind.
     */
    static ObjectNode kind(ResourceType t, String refPrefix, ObjectNode schemas) {
        Descriptor d = ProtobufMessages.of(t.apiVersion(), t.kind());
        if (d == null || !d.getName().equals(t.kind())) {
            return null;
        }
        ObjectNode s = ApiDescriptions.describe(Json.obj(), ApiDescriptions.ofType(d.getFullName()));
        s.put("type", "object");
        ObjectNode props = s.putObject("properties");
        props.putObject("apiVersion").put("type", "string")
                .put("description", "APIVersion defines the versioned schema of this representation of an object.");
        props.putObject("kind").put("type", "string")
                .put("description", "Kind is a string value representing the REST resource this object represents.");
        properties(d, props, refPrefix, schemas);
        return s;
    }

    private static void properties(Descriptor d, ObjectNode props, String refPrefix, ObjectNode schemas) {
        for (FieldDescriptor f : d.getFields()) {
            String key = d.getFullName() + "." + f.getName();
            if (RULES.inlined(key) && f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                properties(f.getMessageType(), props, refPrefix, schemas);
                continue;
            }
            props.set(RULES.jsonName(d, f), ApiDescriptions.describe(field(f, refPrefix, schemas),
                    ApiDescriptions.ofField(d.getFullName(), f.getName())));
        }
    }

    private static ObjectNode field(FieldDescriptor f, String refPrefix, ObjectNode schemas) {
        if (f.isMapField()) {
            ObjectNode m = Json.obj();
            m.put("type", "object");
            m.set("additionalProperties", single(f.getMessageType().findFieldByName("value"), refPrefix, schemas));
            return m;
        }
        if (f.isRepeated()) {
            ObjectNode a = Json.obj();
            a.put("type", "array");
            a.set("items", single(f, refPrefix, schemas));
            return a;
        }
        return single(f, refPrefix, schemas);
    }

    private static ObjectNode single(FieldDescriptor f, String refPrefix, ObjectNode schemas) {
        ObjectNode s = Json.obj();
        switch (f.getJavaType()) {
            case STRING -> s.put("type", "string");
            case BOOLEAN -> s.put("type", "boolean");
            case INT -> s.put("type", "integer").put("format", "int32");
            case LONG -> s.put("type", "integer").put("format", "int64");
            case FLOAT, DOUBLE -> s.put("type", "number").put("format", "double");
            case BYTE_STRING -> s.put("type", "string").put("format", "byte");
            case MESSAGE -> {
                return message(f.getMessageType(), refPrefix, schemas);
            }
            default -> s.put("type", "string");
        }
        return s;
    }

    /** A reference to a message's component (defined on first use), or the JSON form of an apimachinery type. */
    private static ObjectNode message(Descriptor d, String refPrefix, ObjectNode schemas) {
        String full = d.getFullName();
        ObjectNode s = Json.obj();
        switch (full) {
            case TIME, MICRO_TIME -> {
                return s.put("type", "string").put("format", "date-time");
            }
            case "k8s.io.apimachinery.pkg.apis.meta.v1.Duration" -> {
                return s.put("type", "string");
            }
            case "k8s.io.apimachinery.pkg.runtime.RawExtension", "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1" -> {
                return s.put("type", "object").put("x-kubernetes-preserve-unknown-fields", true);
            }
            case "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSON",
                 "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray",
                 "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool",
                 "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray" -> {
                return s.put("x-kubernetes-preserve-unknown-fields", true);
            }
            default -> { }
        }
        if (d.getName().equals("Verbs") || d.getName().equals("ExtraValue")) {
            s.put("type", "array");
            s.putObject("items").put("type", "string");
            return s;
        }
        String name = componentName(full);
        if (!name.equals(OpenApiDocuments.OBJECT_META) && !schemas.has(name)) {
            ObjectNode def = ApiDescriptions.describe(Json.obj(), ApiDescriptions.ofType(full));
            schemas.set(name, def); // before recursing: types refer to themselves (JSONSchemaProps)
            switch (full) {
                case "k8s.io.apimachinery.pkg.api.resource.Quantity" -> def.put("type", "string");
                case "k8s.io.apimachinery.pkg.util.intstr.IntOrString" -> def.put("type", "string").put("format", "int-or-string");
                default -> {
                    def.put("type", "object");
                    properties(d, def.putObject("properties"), refPrefix, schemas);
                }
            }
        }
        s.putArray("allOf").addObject().put("$ref", refPrefix + name);
        return s;
    }

    /** {@code k8s.io.api.core.v1.PodSpec} → {@code io.k8s.api.core.v1.PodSpec}, as kube-apiserver names its components. */
    static String componentName(String protoFullName) {
        String n = protoFullName.startsWith("k8s.io.") ? "io.k8s." + protoFullName.substring("k8s.io.".length()) : protoFullName;
        return n.replace('_', '-');
    }
}
