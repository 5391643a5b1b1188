package dev.meshstage.kube;

import dev.meshstage.error.BackendException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where a kustomize transformer writes, as kustomize's own field specs say it: an optional
 * group/version/kind filter (empty = any) and a slash path to a map such as {@code metadata/labels}.
 * Lists met on the way are walked element by element; a {@code []} suffix marks a list that is never
 * created. {@code create} makes missing maps on the way, as kustomize's {@code create: true} does.
 */
record FieldSpec(String group, String version, String kind, String path, boolean create) {

    static FieldSpec any(String path) {
        return new FieldSpec("", "", "", path, true);
    }

    /** Calls {@code target} with each map at this spec's path in {@code object}, if the spec applies to it. */
    void visitMaps(ObjectNode object, String objectName, Consumer<ObjectNode> target) {
        Gvk gvk = Gvk.of(object);
        if (!kind.isEmpty() && !kind.equals(gvk.kind())
                || !group.isEmpty() && !group.equals(gvk.group())
                || !version.isEmpty() && !version.equals(gvk.version())) {
            return;
        }
        visit(object, List.of(path.split("/")), objectName, target);
    }

    private void visit(JsonNode node, List<String> steps, String objectName, Consumer<ObjectNode> target) {
        if (steps.isEmpty()) {
            if (node instanceof ObjectNode map) {
                target.accept(map);
                return;
            }
            throw new BackendException(objectName + ": " + path + " is not a map, so kustomize cannot add entries to it");
        }
        if (node instanceof ArrayNode list) {
            for (JsonNode element : list) {
                visit(element, steps, objectName, target);
            }
        } else if (node instanceof ObjectNode map) {
            String step = steps.get(0);
            boolean listStep = step.endsWith("[]");
            String field = listStep ? step.substring(0, step.length() - 2) : step;
            JsonNode next = map.get(field);
            if ((next == null || next.isNull()) && create && !listStep) {
                next = map.putObject(field);
            }
            if (next != null && !next.isNull()) {
                visit(next, steps.subList(1, steps.size()), objectName, target);
            }
        }
    }
}
