package dev.meshstage.command;

import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Every command's {@link CommandGuide}, from the jar's {@code guide/commands.yaml}. */
@Component
public class CommandGuides {

    static final String RESOURCE = "/guide/commands.yaml";
    private final Map<String, CommandGuide> guides;

    public CommandGuides() {
        try (InputStream in = CommandGuides.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            Map<String, Map<String, CommandGuide>> file = YAMLMapper.builder().build().readValue(in,
                    new TypeReference<Map<String, Map<String, CommandGuide>>>() { });
            this.guides = new LinkedHashMap<>(file.get("commands"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<CommandGuide> of(String command) {
        return Optional.ofNullable(guides.get(command));
    }

    public Map<String, CommandGuide> all() {
        return guides;
    }
}
