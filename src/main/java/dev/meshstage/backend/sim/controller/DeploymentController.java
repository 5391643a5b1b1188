package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The deployment controller: one ReplicaSet per pod template ({@code <deploy>-<pod-template-hash>}, the hash
 * label added to its selector and template), rolling updates within maxSurge / maxUnavailable (or Recreate),
 * revision annotations, history trimmed to revisionHistoryLimit, and status with replicas, updated, ready,
 * available, unavailable, observedGeneration and the Available and Progressing conditions.
 */
public final class DeploymentController extends WorkloadController {

    public static final String COMPONENT = "deployment-controller";
    public static final String HASH = "pod-template-hash";
    public static final String REVISION = "deployment.kubernetes.io/revision";

    private static int revision(JsonNode rs) {
        try {
            return Integer.parseInt(Json.stringMap(rs.path("metadata").path("annotations")).getOrDefault(REVISION, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int specReplicas(JsonNode rs) {
        return rs.path("spec").path("replicas").asInt(1);
    }

    public DeploymentController() {
        super(COMPONENT, "deploy", "apps/v1", "Deployment", "apps/v1", "ReplicaSet");
    }

    @Override
    void reconcile(ControllerContext ctx, String ns, String name) {
        ObjectStore store = ctx.store();
        ResourceType deployType = ctx.type("apps/v1", "Deployment");
        ResourceType rsType = ctx.type("apps/v1", "ReplicaSet");
        ObjectNode d = store.find(deployType, ns, name);
        if (d == null || Pods.deleting(d)) {
            return;
        }
        String uid = d.path("metadata").path("uid").asString();
        int replicas = d.path("spec").path("replicas").asInt(1);
        JsonNode template = d.path("spec").path("template");
        String hash = Workloads.templateHash(ctx.seed(), template);
        List<ObjectNode> all = new ArrayList<>();
        for (ObjectNode rs : store.list(rsType, ns)) {
            if (Json.controllerUid(rs).equals(uid)) {
                all.add(rs);
            }
        }
        all.sort(Comparator.comparing((ObjectNode rs) -> rs.path("metadata").path("creationTimestamp").asString(""))
                .thenComparingInt(DeploymentController::revision));
        ObjectNode newRs = all.stream().filter(rs -> hash.equals(Json.stringMap(rs.path("metadata").path("labels")).get(HASH)))
                .findFirst().orElse(null);
        List<ObjectNode> old = new ArrayList<>(all);
        old.remove(newRs);
        int maxRevision = all.stream().mapToInt(DeploymentController::revision).max().orElse(0);
        String strategy = d.path("spec").path("strategy").path("type").asString("RollingUpdate");
        JsonNode rolling = d.path("spec").path("strategy").path("rollingUpdate");
        int maxSurge = strategy.equals("Recreate") ? 0 : Workloads.intOrPercent(rolling.path("maxSurge"), replicas, true, (replicas + 3) / 4);
        int maxUnavailable = strategy.equals("Recreate") ? replicas
                : Workloads.intOrPercent(rolling.path("maxUnavailable"), replicas, false, replicas / 4);
        if (maxSurge == 0 && maxUnavailable == 0) {
            maxUnavailable = 1;
        }
        int oldActive = old.stream().mapToInt(DeploymentController::specReplicas).sum();
        boolean created = false;
        if (newRs == null) {
            int initial = oldActive == 0 && !strategy.equals("Recreate") ? replicas
                    : strategy.equals("Recreate") ? (oldActive == 0 && old.stream().allMatch(r -> r.path("status").path("replicas").asInt(0) == 0) ? replicas : 0)
                    : Math.max(0, Math.min(replicas, replicas + maxSurge - oldActive));
            newRs = createReplicaSet(ctx, d, hash, maxRevision + 1, initial, replicas + maxSurge);
            created = true;
            if (initial > 0) {
                scalingEvent(ctx, d, newRs, 0, initial);
            }
        } else if (revision(newRs) < maxRevision) {
            // rolled back to an older template: it becomes the newest revision
            Json.annotations(newRs).put(REVISION, String.valueOf(maxRevision + 1));
            newRs = store.update(rsType, ns, newRs.path("metadata").path("name").asString(), newRs);
        }
        String revision = String.valueOf(revision(newRs));
        if (!revision.equals(Json.stringMap(d.path("metadata").path("annotations")).get(REVISION))) {
            Json.annotations(d).put(REVISION, revision);
            d = store.update(deployType, ns, name, d);
        }
        if (!created) {
            if (strategy.equals("Recreate")) {
                for (ObjectNode rs : old) {
                    scale(ctx, d, rs, 0);
                }
                boolean oldGone = old.stream().allMatch(r -> r.path("status").path("replicas").asInt(0) == 0);
                if (oldGone) {
                    scale(ctx, d, newRs, replicas);
                }
            } else if (oldActive == 0) {
                scale(ctx, d, newRs, replicas);
            } else {
                rollingUpdate(ctx, d, newRs, old, replicas, maxSurge, maxUnavailable);
            }
        }
        cleanup(ctx, d, old);
        updateStatus(ctx, ns, name, newRs.path("metadata").path("name").asString(), created, maxUnavailable);
    }

    private ObjectNode createReplicaSet(ControllerContext ctx, ObjectNode d, String hash, int revision, int replicas, int maxReplicas) {
        String ns = d.path("metadata").path("namespace").asString();
        String name = d.path("metadata").path("name").asString() + "-" + hash;
        ObjectNode rs = Json.newObject("apps/v1", "ReplicaSet", ns, name);
        ObjectNode template = (ObjectNode) d.path("spec").path("template").deepCopy();
        Json.labels(template).put(HASH, hash);
        ObjectNode labels = Json.labels(rs);
        labels.setAll((ObjectNode) template.path("metadata").path("labels"));
        ObjectNode ann = Json.annotations(rs);
        ann.put("deployment.kubernetes.io/desired-replicas", String.valueOf(d.path("spec").path("replicas").asInt(1)));
        ann.put("deployment.kubernetes.io/max-replicas", String.valueOf(maxReplicas));
        ann.put(REVISION, String.valueOf(revision));
        Json.meta(rs).putArray("ownerReferences").add(Json.controllerRef(d));
        ObjectNode spec = rs.putObject("spec");
        spec.put("replicas", replicas);
        if (d.path("spec").has("minReadySeconds")) {
            spec.put("minReadySeconds", d.path("spec").path("minReadySeconds").asInt());
        }
        ObjectNode selector = d.path("spec").path("selector").isObject() ? (ObjectNode) d.path("spec").path("selector").deepCopy() : Json.object();
        Json.child(selector, "matchLabels").put(HASH, hash);
        spec.set("selector", selector);
        spec.set("template", template);
        ObjectNode existing = ctx.store().find(ctx.type("apps/v1", "ReplicaSet"), ns, name);
        if (existing != null) {
            return existing; // a hash collision with a foreign ReplicaSet: use it as is
        }
        return ctx.store().create(ctx.type("apps/v1", "ReplicaSet"), ns, rs);
    }

    private void rollingUpdate(ControllerContext ctx, ObjectNode d, ObjectNode newRs, List<ObjectNode> old, int replicas,
            int maxSurge, int maxUnavailable) {
        int total = specReplicas(newRs) + old.stream().mapToInt(DeploymentController::specReplicas).sum();
        int newReplicas = specReplicas(newRs);
        if (newReplicas < replicas) {
            int up = Math.min(replicas + maxSurge - total, replicas - newReplicas);
            if (up > 0) {
                newRs = scale(ctx, d, newRs, newReplicas + up);
                total += up;
            }
        } else if (newReplicas > replicas) {
            newRs = scale(ctx, d, newRs, replicas);
            total -= newReplicas - replicas;
        }
        int minAvailable = replicas - maxUnavailable;
        int newUnavailable = specReplicas(newRs) - newRs.path("status").path("availableReplicas").asInt(0);
        int budget = total - minAvailable - Math.max(0, newUnavailable);
        List<ObjectNode> oldest = new ArrayList<>(old);
        int[] target = new int[oldest.size()];
        for (int i = 0; i < oldest.size(); i++) {
            target[i] = specReplicas(oldest.get(i));
        }
        // first the old pods that are not available anyway
        for (int i = 0; i < oldest.size() && budget > 0; i++) {
            int unhealthy = target[i] - oldest.get(i).path("status").path("availableReplicas").asInt(0);
            int cut = Math.min(Math.max(0, unhealthy), budget);
            target[i] -= cut;
            budget -= cut;
        }
        // then available ones, as long as enough stay available
        int available = newRs.path("status").path("availableReplicas").asInt(0);
        for (int i = 0; i < oldest.size(); i++) {
            available += Math.min(target[i], oldest.get(i).path("status").path("availableReplicas").asInt(0));
        }
        int down = Math.min(budget, available - minAvailable);
        for (int i = 0; i < oldest.size() && down > 0; i++) {
            int cut = Math.min(target[i], down);
            target[i] -= cut;
            down -= cut;
        }
        for (int i = 0; i < oldest.size(); i++) {
            if (target[i] != specReplicas(oldest.get(i))) {
                scale(ctx, d, oldest.get(i), target[i]);
            }
        }
    }

    private ObjectNode scale(ControllerContext ctx, ObjectNode d, ObjectNode rs, int to) {
        int from = specReplicas(rs);
        if (from == to) {
            return rs;
        }
        ObjectNode copy = rs.deepCopy();
        ((ObjectNode) copy.get("spec")).put("replicas", to);
        Json.annotations(copy).put("deployment.kubernetes.io/desired-replicas", String.valueOf(d.path("spec").path("replicas").asInt(1)));
        ObjectNode updated = ctx.store().update(ctx.type("apps/v1", "ReplicaSet"), rs.path("metadata").path("namespace").asString(),
                rs.path("metadata").path("name").asString(), copy);
        scalingEvent(ctx, d, rs, from, to);
        return updated;
    }

    private void scalingEvent(ControllerContext ctx, ObjectNode d, JsonNode rs, int from, int to) {
        ctx.events().normal(COMPONENT, null, d, "ScalingReplicaSet", "Scaled " + (to > from ? "up" : "down")
                + " replica set " + rs.path("metadata").path("name").asString() + " from " + from + " to " + to);
    }

    private void cleanup(ControllerContext ctx, ObjectNode d, List<ObjectNode> old) {
        int limit = d.path("spec").path("revisionHistoryLimit").asInt(10);
        List<ObjectNode> idle = new ArrayList<>(old.stream()
                .filter(rs -> specReplicas(rs) == 0 && rs.path("status").path("replicas").asInt(0) == 0).toList());
        idle.sort(Comparator.comparingInt(DeploymentController::revision));
        for (int i = 0; i < idle.size() - limit; i++) {
            ctx.store().delete(ctx.type("apps/v1", "ReplicaSet"), idle.get(i).path("metadata").path("namespace").asString(),
                    idle.get(i).path("metadata").path("name").asString(), null, null);
        }
    }

    private void updateStatus(ControllerContext ctx, String ns, String name, String newRsName, boolean created, int maxUnavailable) {
        ResourceType deployType = ctx.type("apps/v1", "Deployment");
        ObjectNode d = ctx.store().find(deployType, ns, name);
        if (d == null) {
            return;
        }
        String uid = d.path("metadata").path("uid").asString();
        int replicas = d.path("spec").path("replicas").asInt(1);
        int total = 0;
        int updated = 0;
        int ready = 0;
        int available = 0;
        int totalSpec = 0;
        for (ObjectNode rs : ctx.store().list(ctx.type("apps/v1", "ReplicaSet"), ns)) {
            if (!Json.controllerUid(rs).equals(uid)) {
                continue;
            }
            JsonNode st = rs.path("status");
            total += st.path("replicas").asInt(0);
            ready += st.path("readyReplicas").asInt(0);
            available += st.path("availableReplicas").asInt(0);
            totalSpec += specReplicas(rs);
            if (rs.path("metadata").path("name").asString().equals(newRsName)) {
                updated = st.path("replicas").asInt(0);
            }
        }
        ObjectNode old = d.path("status").isObject() ? (ObjectNode) d.path("status") : Json.object();
        ObjectNode status = Json.object();
        status.put("observedGeneration", d.path("metadata").path("generation").asLong(1));
        if (total > 0) {
            status.put("replicas", total);
        }
        if (updated > 0) {
            status.put("updatedReplicas", updated);
        }
        if (ready > 0) {
            status.put("readyReplicas", ready);
        }
        if (available > 0) {
            status.put("availableReplicas", available);
        }
        if (replicas - available > 0) {
            status.put("unavailableReplicas", replicas - available);
        }
        if (old.has("conditions")) {
            status.set("conditions", old.get("conditions").deepCopy());
        }
        boolean minAvailable = available >= replicas - maxUnavailable;
        Json.setCondition(status, "Available", minAvailable ? "True" : "False",
                minAvailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                minAvailable ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
                ctx.now(), false, true);
        boolean complete = updated == replicas && available == replicas && total == replicas && totalSpec == replicas;
        String reason;
        String message;
        if (complete) {
            reason = "NewReplicaSetAvailable";
            message = "ReplicaSet \"" + newRsName + "\" has successfully progressed.";
        } else if (created) {
            reason = "NewReplicaSetCreated";
            message = "Created new replica set \"" + newRsName + "\"";
        } else {
            JsonNode prev = Json.condition(d, "Progressing");
            boolean justCreated = prev != null && "NewReplicaSetCreated".equals(prev.path("reason").asString())
                    && prev.path("message").asString().contains("\"" + newRsName + "\"");
            reason = justCreated ? "NewReplicaSetCreated" : "ReplicaSetUpdated";
            message = justCreated ? prev.path("message").asString() : "ReplicaSet \"" + newRsName + "\" is progressing.";
        }
        Json.setCondition(status, "Progressing", "True", reason, message, ctx.now(), false, true);
        // Available first, then Progressing, as kube-controller-manager leaves them
        var conds = Json.childArray(status, "conditions");
        List<JsonNode> sorted = new ArrayList<>();
        conds.forEach(sorted::add);
        sorted.sort(Comparator.comparing(c -> c.path("type").asString().equals("Available") ? 0 : 1));
        conds.removeAll();
        sorted.forEach(conds::add);
        if (!status.equals(old)) {
            d.set("status", status);
            Json.meta(d).remove("resourceVersion");
            ctx.store().updateStatus(deployType, ns, name, d);
        }
    }
}
