package dev.meshstage.render;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** JSON for scripts ({@code --json}): indented, stable field order (records keep declaration order). */
public final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Json() {
    }

    /** A record as a JSON object, to add fields computed elsewhere. */
    public static tools.jackson.databind.node.ObjectNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    public static tools.jackson.databind.node.ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    public static String render(Object value) {
        return MAPPER.writeValueAsString(value);
    }
}
