package dev.meshstage.render;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** JSON for scripts ({@code --json}): indented, stable field order (records keep declaration order). */
public final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Json() {
    }

    public static String render(Object value) {
        return MAPPER.writeValueAsString(value);
    }
}
