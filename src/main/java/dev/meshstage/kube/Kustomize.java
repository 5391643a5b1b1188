package dev.meshstage.kube;

import dev.meshstage.error.BackendException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders a kustomize directory in-process, the way {@code kubectl kustomize DIR} would, for the
 * subset of kustomize the workshop's layouts use: {@code resources} (YAML files and nested
 * kustomization directories), {@code namespace}, {@code labels}, {@code commonLabels},
 * {@code commonAnnotations} and {@code images}. Doing it in Java means {@code app deploy} needs no
 * kubectl, and the sim and the real backend apply the very same objects.
 *
 * <p>Like kustomize, each directory's transformers apply to everything gathered below it (so an outer
 * namespace wins over an inner one), in kustomize's order - namespace, labels, annotations, images -
 * and the final list is sorted once, at the top, in kustomize's default "legacy" order.
 */
public final class Kustomize {

    /**
     * The objects {@code dir}'s kustomization produces, in {@code kubectl kustomize} order.
     *
     * @throws BackendException naming the file and the problem: no kustomization, a missing resource,
     *         malformed YAML (with its line), an unknown or unsupported kustomization field
     */
    public List<ObjectNode> render(Path dir) {
        Path top = dir.toAbsolutePath().normalize();
        Path namesFrom = top.getParent() == null ? top : top.getParent();
        List<ObjectNode> objects = build(top, namesFrom, new ArrayDeque<>());
        objects.sort(ResourceOrder.LEGACY);
        return objects;
    }

    private List<ObjectNode> build(Path dir, Path namesFrom, Deque<Path> visiting) {
        String dirName = displayName(namesFrom, dir);
        if (visiting.contains(dir)) {
            throw new BackendException(dirName + ": kustomization includes itself through its resources");
        }
        Kustomization kustomization = Kustomization.read(dir, dirName);
        visiting.push(dir);
        List<ObjectNode> objects = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (String resource : kustomization.resources()) {
            for (ObjectNode object : load(dir, resource, kustomization.file(), namesFrom, visiting)) {
                if (!ids.add(id(object))) {
                    throw new BackendException(kustomization.file() + ": " + describe(object)
                            + " is defined twice among its resources");
                }
                objects.add(object);
            }
        }
        visiting.pop();
        transform(kustomization, objects);
        return objects;
    }

    private List<ObjectNode> load(Path dir, String resource, String file, Path namesFrom, Deque<Path> visiting) {
        if (resource.contains("://") || resource.startsWith("github.com/")) {
            throw new BackendException(file + ": remote resource '" + resource + "' is not supported; use a local path");
        }
        Path target = dir.resolve(resource).normalize();
        if (Files.isDirectory(target)) {
            return build(target, namesFrom, visiting);
        }
        if (!Files.isRegularFile(target)) {
            throw new BackendException(file + ": resource '" + resource + "' not found");
        }
        if (!target.startsWith(dir)) {
            // kustomize's load restrictor: a kustomization may only read files inside its own directory
            throw new BackendException(file + ": resource '" + resource + "' is outside this kustomization's"
                    + " directory; kustomize refuses that (move it in, or reference its directory)");
        }
        String name = displayName(namesFrom, target);
        List<ObjectNode> objects = ManifestFiles.read(target, name);
        for (int i = 0; i < objects.size(); i++) {
            ObjectNode object = objects.get(i);
            if (Gvk.text(object.get("apiVersion")).isEmpty() || Gvk.text(object.get("kind")).isEmpty()
                    || Gvk.text(object.path("metadata").get("name")).isEmpty()) {
                throw new BackendException(name + ": document " + (i + 1)
                        + " needs apiVersion, kind and metadata.name to be a Kubernetes object");
            }
        }
        return objects;
    }

    private static void transform(Kustomization kustomization, List<ObjectNode> objects) {
        if (!kustomization.namespace().isEmpty()) {
            objects.forEach(object -> setNamespace(object, kustomization.namespace()));
        }
        for (Kustomization.LabelSet labels : kustomization.labels()) {
            List<FieldSpec> specs = labels.includeSelectors() ? KustomizeFieldSpecs.COMMON_LABELS
                    : labels.includeTemplates() ? KustomizeFieldSpecs.TEMPLATE_LABELS
                    : List.of(FieldSpec.any("metadata/labels"));
            addEntries(objects, specs, labels.pairs());
        }
        addEntries(objects, KustomizeFieldSpecs.COMMON_ANNOTATIONS, kustomization.commonAnnotations());
        for (ImageOverride image : kustomization.images()) {
            objects.forEach(image::apply);
        }
    }

    /**
     * Namespaced objects move into {@code namespace}; cluster-scoped ones are left alone, except that
     * kustomize renames a core Namespace object to the kustomization's namespace.
     */
    private static void setNamespace(ObjectNode object, String namespace) {
        Gvk gvk = Gvk.of(object);
        ObjectNode metadata = metadata(object);
        if (!gvk.clusterScoped()) {
            metadata.put("namespace", namespace);
        }
        if (gvk.kind().equals("Namespace") && gvk.apiVersion().equals("v1")) {
            metadata.put("name", namespace);
        }
    }

    private static void addEntries(List<ObjectNode> objects, List<FieldSpec> specs, Map<String, String> entries) {
        if (entries.isEmpty()) {
            return; // kustomize creates no empty maps when there is nothing to add
        }
        for (ObjectNode object : objects) {
            for (FieldSpec spec : specs) {
                spec.visitMaps(object, describe(object), map -> entries.forEach(map::put));
            }
        }
    }

    private static ObjectNode metadata(ObjectNode object) {
        JsonNode metadata = object.get("metadata");
        return metadata instanceof ObjectNode map ? map : object.putObject("metadata");
    }

    private static String id(ObjectNode object) {
        JsonNode metadata = object.path("metadata");
        return Gvk.of(object) + "|" + Gvk.text(metadata.get("namespace")) + "|" + Gvk.text(metadata.get("name"));
    }

    private static String describe(ObjectNode object) {
        JsonNode metadata = object.path("metadata");
        String namespace = Gvk.text(metadata.get("namespace"));
        return Gvk.of(object).kind() + " " + (namespace.isEmpty() ? "" : namespace + "/") + Gvk.text(metadata.get("name"));
    }

    private static String displayName(Path namesFrom, Path path) {
        String relative = namesFrom.relativize(path).toString().replace('\\', '/');
        return relative.isEmpty() ? path.toString() : relative;
    }
}
