package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** {@code meta.k8s.io/v1} Table responses ({@code kubectl get}'s server-side printing). */
final class Tables {

    private Tables() {
    }

    /** True when the Accept header asks for a Table (kubectl: {@code application/json;as=Table;v=v1;g=meta.k8s.io,…}). */
    static boolean wanted(String accept) {
        return accept != null && accept.contains("as=Table");
    }

    static ObjectNode table(ResourceType type, List<ObjectNode> objects, String listResourceVersion, String includeObject, Instant now,
            List<ObjectNode> printerColumns) {
        return dev.meshstage.backend.sim.table.TableConverter.toTable(type, objects, listResourceVersion,
                includeObject == null || includeObject.isEmpty() ? null : includeObject, now, printerColumns);
    }

    /** The generic table every kind without a dedicated printer gets: NAME and AGE. */
    static ObjectNode fallback(ResourceType type, List<ObjectNode> objects, String listResourceVersion, String includeObject, Instant now) {
        ObjectNode t = Json.object();
        t.put("kind", "Table");
        t.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode meta = t.putObject("metadata");
        if (listResourceVersion != null) {
            meta.put("resourceVersion", listResourceVersion);
        }
        ArrayNode cols = t.putArray("columnDefinitions");
        column(cols, "Name", "string", "name", "Name must be unique within a namespace.");
        column(cols, "Created At", "date", "", "CreationTimestamp is a timestamp representing the server time when this object was created.");
        ArrayNode rows = t.putArray("rows");
        for (ObjectNode o : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            cells.add(o.path("metadata").path("name").asString());
            cells.add(o.path("metadata").path("creationTimestamp").asString(""));
            row.set("object", rowObject(o, includeObject));
        }
        return t;
    }

    static tools.jackson.databind.JsonNode rowObject(ObjectNode o, String includeObject) {
        if ("None".equals(includeObject)) {
            return Json.NODES.nullNode();
        }
        if ("Object".equals(includeObject)) {
            return o;
        }
        ObjectNode p = Json.object();
        p.put("kind", "PartialObjectMetadata");
        p.put("apiVersion", "meta.k8s.io/v1");
        p.set("metadata", o.path("metadata").deepCopy());
        return p;
    }

    private static void column(ArrayNode cols, String name, String type, String format, String description) {
        ObjectNode c = cols.addObject();
        c.put("name", name);
        c.put("type", type);
        c.put("format", format);
        c.put("description", description);
        c.put("priority", 0);
    }

    /** kubectl's short human durations: 45s, 5m10s, 3h, 2d, … */
    static String age(String timestamp, Instant now) {
        if (timestamp == null || timestamp.isEmpty()) {
            return "<unknown>";
        }
        Duration d = Duration.between(Instant.parse(timestamp), now);
        long s = Math.max(0, d.getSeconds());
        if (s < 120) {
            return s + "s";
        }
        long m = s / 60;
        if (m < 10) {
            return s % 60 == 0 ? m + "m" : m + "m" + (s % 60) + "s";
        }
        if (m < 180) {
            return m + "m";
        }
        long h = m / 60;
        if (h < 48) {
            return h + "h";
        }
        long days = h / 24;
        if (days < 8) {
            return h % 24 == 0 ? days + "d" : days + "d" + (h % 24) + "h";
        }
        if (days < 730) {
            return days + "d";
        }
        return days / 365 + "y";
    }
}
