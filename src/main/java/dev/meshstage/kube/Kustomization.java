package dev.meshstage.kube;

import dev.meshstage.error.BackendException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code kustomization.yaml}, limited to the fields meshstage renders. Any other field is refused
 * with its name rather than ignored: silently dropping, say, a {@code patches:} entry would deploy
 * something different from what {@code kubectl apply -k} deploys.
 */
record Kustomization(String file, String namespace, List<String> resources, List<LabelSet> labels,
        Map<String, String> commonAnnotations, List<ImageOverride> images) {

    /** One entry of {@code labels:}; {@code commonLabels} is read as one with selectors included. */
    record LabelSet(Map<String, String> pairs, boolean includeSelectors, boolean includeTemplates) {
    }

    /** kustomize accepts any of these names, and refuses a directory holding more than one. */
    private static final List<String> FILE_NAMES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");

    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "namespace", "resources", "labels",
            "commonLabels", "commonAnnotations", "images");
    private static final Set<String> LABEL_FIELDS = Set.of("pairs", "includeSelectors", "includeTemplates");
    private static final Set<String> IMAGE_FIELDS = Set.of("name", "newName", "newTag", "digest");

    /** Reads the kustomization of {@code dir}; {@code dirName} is how messages call the directory. */
    static Kustomization read(Path dir, String dirName) {
        List<String> present = FILE_NAMES.stream().filter(name -> Files.isRegularFile(dir.resolve(name))).toList();
        if (present.isEmpty()) {
            throw new BackendException(dirName + ": no kustomization.yaml in this directory");
        }
        if (present.size() > 1) {
            throw new BackendException(dirName + ": found " + String.join(" and ", present) + "; keep only one");
        }
        String file = dirName + "/" + present.get(0);
        List<ObjectNode> documents = ManifestFiles.read(dir.resolve(present.get(0)), file);
        if (documents.size() != 1) {
            throw new BackendException(file + ": expected one YAML document, found " + documents.size());
        }
        ObjectNode root = documents.get(0);
        checkFields(root, FIELDS, file, "");
        String kind = Gvk.text(root.get("kind"));
        if (!kind.isEmpty() && !kind.equals("Kustomization")) {
            throw new BackendException(file + ": kind " + kind + " is not supported; only Kustomization is");
        }
        List<LabelSet> labels = new ArrayList<>();
        for (JsonNode entry : list(root, "labels", file)) {
            if (!(entry instanceof ObjectNode labelSet)) {
                throw new BackendException(file + ": each labels entry must be a map with pairs");
            }
            checkFields(labelSet, LABEL_FIELDS, file, "labels.");
            labels.add(new LabelSet(stringMap(labelSet.get("pairs"), file, "labels.pairs"),
                    flag(labelSet, "includeSelectors", file), flag(labelSet, "includeTemplates", file)));
        }
        Map<String, String> commonLabels = stringMap(root.get("commonLabels"), file, "commonLabels");
        if (!commonLabels.isEmpty()) {
            // kustomize runs the labels entries first, then commonLabels
            labels.add(new LabelSet(commonLabels, true, false));
        }
        List<ImageOverride> images = new ArrayList<>();
        for (JsonNode entry : list(root, "images", file)) {
            if (!(entry instanceof ObjectNode image) || string(image, "name", file).isEmpty()) {
                throw new BackendException(file + ": each images entry needs a name");
            }
            checkFields(image, IMAGE_FIELDS, file, "images.");
            images.add(new ImageOverride(string(image, "name", file), string(image, "newName", file),
                    string(image, "newTag", file), string(image, "digest", file)));
        }
        List<String> resources = new ArrayList<>();
        for (JsonNode entry : list(root, "resources", file)) {
            if (!entry.isString() || entry.stringValue().isBlank()) {
                throw new BackendException(file + ": resources must be a list of file or directory paths");
            }
            resources.add(entry.stringValue());
        }
        return new Kustomization(file, string(root, "namespace", file), List.copyOf(resources), List.copyOf(labels),
                stringMap(root.get("commonAnnotations"), file, "commonAnnotations"), List.copyOf(images));
    }

    private static void checkFields(ObjectNode node, Set<String> known, String file, String prefix) {
        for (String field : node.propertyNames()) {
            if (!known.contains(field)) {
                throw new BackendException(file + ": field '" + prefix + field + "' is unknown or not supported by"
                        + " meshstage (it renders " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static Iterable<JsonNode> list(ObjectNode root, String field, String file) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new BackendException(file + ": '" + field + "' must be a list");
        }
        return value;
    }

    private static String string(ObjectNode node, String field, String file) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isString()) {
            throw new BackendException(file + ": '" + field + "' must be a string (quote it)");
        }
        return value.stringValue();
    }

    private static boolean flag(ObjectNode node, String field, String file) {
        JsonNode value = node.get(field);
        if (value != null && !value.isNull() && !value.isBoolean()) {
            throw new BackendException(file + ": '" + field + "' must be true or false");
        }
        return value != null && value.booleanValue();
    }

    private static Map<String, String> stringMap(JsonNode value, String file, String field) {
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!(value instanceof ObjectNode map)) {
            throw new BackendException(file + ": '" + field + "' must be a map of strings");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : map.properties()) {
            if (!entry.getValue().isString()) {
                throw new BackendException(file + ": " + field + "." + entry.getKey() + " must be a string (quote it)");
            }
            result.put(entry.getKey(), entry.getValue().stringValue());
        }
        return result;
    }
}
