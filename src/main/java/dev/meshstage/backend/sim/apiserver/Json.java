package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.backend.sim.protobuf.ProtobufFieldRules;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.nio.charset.StandardCharsets;

/** The JSON and YAML codecs of the API server. */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();
    static final YAMLMapper YAML = YAMLMapper.builder().build();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    static byte[] bytes(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    static String string(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** Parses a request body: protobuf or YAML when the content type says so (or the body is not JSON), else JSON. */
    static JsonNode parse(byte[] body, String contentType) {
        if (ProtobufBody.is(contentType) || ProtobufBody.hasMagic(body)) {
            return Protobuf.BODY.decode(body);
        }
        String ct = contentType == null ? "" : contentType.toLowerCase();
        String text = new String(body, StandardCharsets.UTF_8);
        String trimmed = text.stripLeading();
        if (ct.contains("yaml") && !(trimmed.startsWith("{") || trimmed.startsWith("["))) {
            return YAML.readTree(text);
        }
        try {
            return MAPPER.readTree(text);
        } catch (RuntimeException e) {
            if (ct.contains("yaml")) {
                return YAML.readTree(text);
            }
            throw e;
        }
    }

    /** Loaded on the first protobuf body: the descriptors of every built-in kind take a moment to build. */
    private static final class Protobuf {
        static final ProtobufBody BODY = new ProtobufBody(ProtobufFieldRules.builtIn());
    }
}
