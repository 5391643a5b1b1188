package dev.meshstage.kube;

import dev.meshstage.error.BackendException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads YAML files of Kubernetes objects: any number of documents separated by {@code ---}, comments
 * and empty documents allowed (kustomize skips those too). Every failure names the file, and the line
 * when the parser knows it, so the learner can go straight to the mistake.
 */
public final class ManifestFiles {

    private static final ObjectReader READER = YAMLMapper.builder().build().readerFor(JsonNode.class);

    private ManifestFiles() {
    }

    /** The mapping documents of {@code file}; {@code name} is how messages call the file. */
    public static List<ObjectNode> read(Path file, String name) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new BackendException(name + ": cannot read the file (" + e.getMessage() + ")");
        }
        return parse(text, name);
    }

    /** The mapping documents of YAML {@code text} (a file's content, or a bundled resource's). */
    static List<ObjectNode> parse(String text, String name) {
        List<ObjectNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> values = READER.readValues(text)) {
            while (values.hasNextValue()) {
                JsonNode document = values.nextValue();
                if (document == null || document.isNull() || document.isMissingNode()) {
                    continue;
                }
                if (!(document instanceof ObjectNode object)) {
                    throw new BackendException(name + ": document " + (documents.size() + 1)
                            + " is not a mapping; each document must be one Kubernetes object");
                }
                documents.add(object);
            }
        } catch (JacksonException e) {
            TokenStreamLocation where = e.getLocation();
            String line = where == null || where.getLineNr() < 1 ? "" : " line " + where.getLineNr();
            throw new BackendException(name + line + ": malformed YAML (" + firstLine(e.getOriginalMessage())
                    + "); fix the syntax there");
        }
        return documents;
    }

    private static String firstLine(String message) {
        String text = message == null ? "unreadable" : message.strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline).strip();
    }
}
