package dev.meshstage.backend.sim.apiserver;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.meshstage.backend.sim.protobuf.ProtobufFieldRules;
import dev.meshstage.backend.sim.protobuf.ProtobufMessages;
import dev.meshstage.backend.sim.store.StoreException;
import io.kubernetes.client.proto.Runtime;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;

/**
 * A request body in {@code application/vnd.kubernetes.protobuf} (what kubectl ≥ 1.32 sends for typed
 * {@code create}) as the JSON object the store holds: the {@code k8s\0} magic, a {@code runtime.Unknown}
 * carrying apiVersion, kind and the raw typed message, that message read with its generated descriptor, then
 * turned into the JSON a Go API server would write for the same struct (omitempty zeros dropped, inlined
 * embeddings, Time/Quantity/IntOrString/RawExtension in their JSON forms).
 */
final class ProtobufBody {

    static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";
    private static final byte[] MAGIC = {'k', '8', 's', 0};
    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static final Descriptor UNKNOWN = Runtime.getDescriptor().findMessageTypeByName("Unknown");

    private final ProtobufFieldRules rules;

    ProtobufBody(ProtobufFieldRules rules) {
        this.rules = rules;
    }

    static boolean is(String contentType) {
        return contentType != null && contentType.toLowerCase().startsWith(MEDIA_TYPE);
    }

    static boolean hasMagic(byte[] body) {
        if (body.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (body[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** The object a protobuf body carries; a 400 (StoreException) when it is not a message the sim knows. */
    ObjectNode decode(byte[] body) {
        if (!hasMagic(body)) {
            throw StoreException.badRequest("error decoding request body: provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
        }
        // read through descriptors only: the generated classes are pre-22 gencode and warn when loaded
        DynamicMessage unknown;
        try {
            unknown = DynamicMessage.parseFrom(UNKNOWN, ByteString.copyFrom(body, MAGIC.length, body.length - MAGIC.length));
        } catch (InvalidProtocolBufferException e) {
            throw StoreException.badRequest("error decoding request body: " + e.getMessage());
        }
        String encoding = (String) field(unknown, "contentEncoding");
        if (!encoding.isEmpty()) {
            throw StoreException.badRequest("error decoding request body: content encoding " + encoding + " is not supported");
        }
        Message typeMeta = (Message) field(unknown, "typeMeta");
        String apiVersion = (String) field(typeMeta, "apiVersion");
        String kind = (String) field(typeMeta, "kind");
        Descriptor type = ProtobufMessages.of(apiVersion, kind);
        if (type == null) {
            throw StoreException.badRequest("error decoding request body: no kind \"" + kind + "\" is registered for version \""
                    + apiVersion + "\" in scheme \"pkg/runtime/scheme.go:110\"");
        }
        DynamicMessage message;
        try {
            message = DynamicMessage.parseFrom(type, (ByteString) field(unknown, "raw"));
        } catch (InvalidProtocolBufferException e) {
            throw StoreException.badRequest("error decoding request body: " + e.getMessage());
        }
        ObjectNode out = Json.object();
        if (!apiVersion.isEmpty()) {
            out.put("apiVersion", apiVersion);
        }
        if (!kind.isEmpty()) {
            out.put("kind", kind);
        }
        fields(message, out);
        return out;
    }

    /** A message's set fields into {@code into} (inlined messages merge their fields there too). */
    private void fields(Message m, ObjectNode into) {
        Descriptor d = m.getDescriptorForType();
        for (FieldDescriptor f : d.getFields()) {
            String key = d.getFullName() + "." + f.getName();
            String name = rules.jsonName(d, f);
            if (f.isMapField()) {
                List<?> entries = (List<?>) m.getField(f);
                if (entries.isEmpty()) {
                    continue;
                }
                ObjectNode map = into.putObject(name);
                for (Object e : entries) {
                    Message entry = (Message) e;
                    Descriptor ed = entry.getDescriptorForType();
                    String k = String.valueOf(entry.getField(ed.findFieldByName("key")));
                    FieldDescriptor vf = ed.findFieldByName("value");
                    JsonNode v = value(vf, entry.getField(vf));
                    map.set(k, v == null ? Json.NODES.nullNode() : v);
                }
            } else if (f.isRepeated()) {
                int n = m.getRepeatedFieldCount(f);
                if (n == 0) {
                    continue;
                }
                ArrayNode arr = into.putArray(name);
                for (int i = 0; i < n; i++) {
                    JsonNode v = value(f, m.getRepeatedField(f, i));
                    arr.add(v == null ? Json.NODES.nullNode() : v);
                }
            } else if (m.hasField(f)) {
                Object raw = m.getField(f);
                if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE && isZero(raw) && !rules.keepsZero(key)) {
                    continue;
                }
                JsonNode v = value(f, raw);
                if (v == null) {
                    continue;
                }
                if (rules.inlined(key) && v instanceof ObjectNode o) {
                    into.setAll(o);
                } else {
                    into.set(name, v);
                }
            }
        }
    }

    private static boolean isZero(Object v) {
        if (v instanceof String s) {
            return s.isEmpty();
        }
        if (v instanceof Boolean b) {
            return !b;
        }
        if (v instanceof Number n) {
            return n.doubleValue() == 0;
        }
        if (v instanceof ByteString b) {
            return b.isEmpty();
        }
        return false;
    }

    /** One value in its JSON form; null when Go's JSON would leave it out (a zero Time). */
    private JsonNode value(FieldDescriptor f, Object v) {
        switch (f.getJavaType()) {
            case STRING:
                return Json.NODES.stringNode((String) v);
            case BOOLEAN:
                return Json.NODES.booleanNode((Boolean) v);
            case INT:
                return Json.NODES.numberNode((Integer) v);
            case LONG:
                return Json.NODES.numberNode((Long) v);
            case FLOAT:
                return Json.NODES.numberNode(new BigDecimal(Float.toString((Float) v)));
            case DOUBLE:
                return Json.NODES.numberNode((Double) v);
            case BYTE_STRING:
                return Json.NODES.stringNode(Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()));
            case MESSAGE:
                return message((Message) v);
            default:
                return Json.NODES.stringNode(String.valueOf(v));
        }
    }

    /** A message: the special apimachinery types in their JSON forms, anything else as an object. */
    private JsonNode message(Message m) {
        Descriptor d = m.getDescriptorForType();
        switch (d.getFullName()) {
            case "k8s.io.apimachinery.pkg.apis.meta.v1.Time": {
                long seconds = (Long) field(m, "seconds");
                return seconds == 0 && (Integer) field(m, "nanos") == 0 ? null
                        : Json.NODES.stringNode(Instant.ofEpochSecond(seconds).toString());
            }
            case "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime": {
                long seconds = (Long) field(m, "seconds");
                int nanos = (Integer) field(m, "nanos");
                return seconds == 0 && nanos == 0 ? null : Json.NODES.stringNode(MICRO.format(Instant.ofEpochSecond(seconds, nanos)));
            }
            case "k8s.io.apimachinery.pkg.apis.meta.v1.Duration":
                return Json.NODES.stringNode(GoDuration.format((Long) field(m, "duration")));
            case "k8s.io.apimachinery.pkg.api.resource.Quantity":
            case "k8s.io.apimachinery.pkg.api.resource.QuantityValue":
                return Json.NODES.stringNode((String) field(m, "string"));
            case "k8s.io.apimachinery.pkg.util.intstr.IntOrString":
                return (Long) field(m, "type") == 1 ? Json.NODES.stringNode((String) field(m, "strVal"))
                        : Json.NODES.numberNode((Integer) field(m, "intVal"));
            case "k8s.io.apimachinery.pkg.runtime.RawExtension":
                return raw((ByteString) field(m, "raw"));
            case "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1":
                return raw((ByteString) field(m, "Raw"));
            case "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSON":
                return raw((ByteString) field(m, "raw"));
            case "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray":
                return eitherOr(m, "jSONSchemas", "schema");
            case "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray":
                return eitherOr(m, "property", "schema");
            case "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool": {
                FieldDescriptor schema = d.findFieldByName("schema");
                return m.hasField(schema) ? message((Message) m.getField(schema)) : Json.NODES.booleanNode((Boolean) field(m, "allows"));
            }
            default:
                break;
        }
        if (d.getName().equals("Verbs") || d.getName().equals("ExtraValue")) {
            // Go slice types wrapped in a message for protobuf: plain arrays in JSON
            FieldDescriptor items = d.findFieldByName("items");
            ArrayNode arr = Json.NODES.arrayNode();
            for (int i = 0; i < m.getRepeatedFieldCount(items); i++) {
                arr.add((String) m.getRepeatedField(items, i));
            }
            return arr;
        }
        ObjectNode o = Json.object();
        fields(m, o);
        return o;
    }

    private JsonNode eitherOr(Message m, String arrayField, String objectField) {
        FieldDescriptor arr = m.getDescriptorForType().findFieldByName(arrayField);
        if (m.getRepeatedFieldCount(arr) > 0) {
            ArrayNode a = Json.NODES.arrayNode();
            for (int i = 0; i < m.getRepeatedFieldCount(arr); i++) {
                a.add(value(arr, m.getRepeatedField(arr, i)));
            }
            return a;
        }
        FieldDescriptor obj = m.getDescriptorForType().findFieldByName(objectField);
        return m.hasField(obj) ? message((Message) m.getField(obj)) : null;
    }

    private JsonNode raw(ByteString raw) {
        if (raw.isEmpty()) {
            return null;
        }
        byte[] bytes = raw.toByteArray();
        if (hasMagic(bytes)) {
            return decode(bytes);
        }
        return Json.MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
    }

    private static Object field(Message m, String name) {
        return m.getField(m.getDescriptorForType().findFieldByName(name));
    }
}
