package dev.meshstage.backend.sim.patch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side apply conflict (HTTP 409, reason {@code Conflict}). The message has the kube-apiserver format:
 * {@code Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas},
 * or for several: {@code Apply failed with 2 conflicts: conflicts with "m" using apps/v1:\n- .a\n- .b}.
 */
public class ApplyConflictException extends RuntimeException {

    /** One conflicting field: {@code manager}/{@code operation}/{@code apiVersion} identify the owner. */
    public record Conflict(String manager, String operation, String apiVersion, String path) {
        /** {@code "kubectl"} for an Apply manager, {@code "kubectl-edit" using v1} for an Update manager. */
        public String printManager() {
            String m = '"' + manager + '"';
            return "Update".equals(operation) ? m + " using " + apiVersion : m;
        }
    }

    private final List<Conflict> conflicts;

    public ApplyConflictException(List<Conflict> conflicts) {
        super(message(conflicts));
        this.conflicts = List.copyOf(conflicts);
    }

    public int httpStatus() {
        return 409;
    }

    public List<Conflict> conflicts() {
        return conflicts;
    }

    static String message(List<Conflict> conflicts) {
        if (conflicts.size() == 1) {
            Conflict c = conflicts.get(0);
            return "Apply failed with 1 conflict: conflict with " + c.printManager() + ": " + c.path();
        }
        Map<String, List<String>> byManager = new TreeMap<>();
        for (Conflict c : conflicts) {
            byManager.computeIfAbsent(c.printManager(), k -> new ArrayList<>()).add(c.path());
        }
        List<String> lines = new ArrayList<>();
        byManager.forEach((m, paths) -> {
            lines.add("conflicts with " + m + ":");
            paths.forEach(p -> lines.add("- " + p));
        });
        return "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
    }

    /** The {@code meta.k8s.io/v1 Status} body kube-apiserver returns for this conflict. */
    public ObjectNode toStatus(String groupResource, String name) {
        ObjectNode s = Json.obj();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure");
        s.put("message", getMessage());
        s.put("reason", "Conflict");
        ObjectNode d = s.putObject("details");
        if (name != null) {
            d.put("name", name);
        }
        if (groupResource != null) {
            int dot = groupResource.indexOf('.');
            if (dot > 0) {
                d.put("group", groupResource.substring(dot + 1));
                d.put("kind", groupResource.substring(0, dot));
            } else {
                d.put("kind", groupResource);
            }
        }
        ArrayNode causes = d.putArray("causes");
        Map<String, String> seen = new LinkedHashMap<>();
        for (Conflict c : conflicts) {
            ObjectNode cause = causes.addObject();
            cause.put("reason", "FieldManagerConflict");
            cause.put("message", "conflict with " + c.printManager());
            cause.put("field", c.path());
            seen.put(c.path(), c.manager());
        }
        s.put("code", 409);
        return s;
    }
}
