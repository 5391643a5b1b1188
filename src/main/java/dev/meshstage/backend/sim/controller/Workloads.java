package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.WatchEvent;
import dev.meshstage.backend.sim.store.ObjectStore;
import tools.jackson.databind.JsonNode;

/** Helpers shared by the workload controllers. */
final class Workloads {

    private Workloads() {
    }

    /** An intOrString such as {@code 1} or {@code "25%"} against a total, rounding as upstream does. */
    static int intOrPercent(JsonNode v, int total, boolean roundUp, int dflt) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return dflt;
        }
        if (v.isNumber()) {
            return v.asInt();
        }
        String s = v.asString("").trim();
        if (s.endsWith("%")) {
            double pct = Double.parseDouble(s.substring(0, s.length() - 1));
            double x = total * pct / 100.0;
            return (int) (roundUp ? Math.ceil(x) : Math.floor(x));
        }
        return s.isEmpty() ? dflt : Integer.parseInt(s);
    }

    /** The 10-character hash of a pod template ({@code pod-template-hash}, controller-revision-hash). */
    static String templateHash(long seed, JsonNode template) {
        return ObjectStore.suffix(seed, Json.write(Json.canonical(template)), 10);
    }

    /**
     * The workload of {@code kind} a change concerns: the workload itself (unless it was deleted: its children
     * go with it), or the workload that controls the changed child; null when neither.
     */
    static String affected(WatchEvent e, String kind) {
        if (e.object().path("kind").asString().equals(kind)) {
            return e.type() == WatchEvent.Type.DELETED ? null : e.name();
        }
        JsonNode owner = Json.controllerOf(e.object());
        return owner != null && owner.path("kind").asString().equals(kind) ? owner.path("name").asString() : null;
    }
}
