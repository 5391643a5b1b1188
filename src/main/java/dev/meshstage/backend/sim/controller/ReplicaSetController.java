package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The replicaset controller: keeps {@code spec.replicas} active pods (named {@code <rs>-<5 chars>}, owned by
 * the ReplicaSet with controller=true and blockOwnerDeletion=true), deleting the least useful ones first
 * (unscheduled, pending, not ready, newest), and reports replicas / ready / available in status.
 */
public final class ReplicaSetController extends WorkloadController {

    public static final String COMPONENT = "replicaset-controller";

    public ReplicaSetController() {
        super(COMPONENT, "rs", "apps/v1", "ReplicaSet", "v1", "Pod");
    }

    @Override
    void reconcile(ControllerContext ctx, String ns, String name) {
        ObjectStore store = ctx.store();
        ResourceType rsType = ctx.type("apps/v1", "ReplicaSet");
        ResourceType podType = ctx.type("v1", "Pod");
        ObjectNode rs = store.find(rsType, ns, name);
        if (rs == null || Pods.deleting(rs)) {
            return;
        }
        String uid = rs.path("metadata").path("uid").asString();
        int desired = rs.path("spec").path("replicas").asInt(1);
        List<ObjectNode> active = new ArrayList<>(Pods.ownedReadOnly(store, podType, ns, uid).stream().filter(Pods::active).toList());
        int diff = desired - active.size();
        if (diff > 0) {
            for (int i = 0; i < diff; i++) {
                ObjectNode pod = Pods.fromTemplate(rs.path("spec").path("template"), ns, rs);
                Json.meta(pod).put("generateName", name + "-");
                ObjectNode created = store.create(podType, ns, pod);
                ctx.events().normal(COMPONENT, null, rs, "SuccessfulCreate",
                        "Created pod: " + created.path("metadata").path("name").asString());
            }
        } else if (diff < 0) {
            active.sort(deletionOrder());
            for (int i = 0; i < -diff; i++) {
                ObjectNode victim = active.get(i);
                String podName = victim.path("metadata").path("name").asString();
                store.delete(podType, ns, podName, null, null);
                ctx.events().normal(COMPONENT, null, rs, "SuccessfulDelete", "Deleted pod: " + podName);
            }
        }
        // the pods just read are still the ones to count when none was created or deleted
        updateStatus(ctx, ns, name, rsType, podType, diff == 0 ? active : null);
    }

    /** Pods to delete first: unscheduled, then pending, then not ready, then the most recently created. */
    static Comparator<ObjectNode> deletionOrder() {
        return Comparator.<ObjectNode>comparingInt(p -> p.path("spec").path("nodeName").asString("").isEmpty() ? 0 : 1)
                .thenComparingInt(p -> p.path("status").path("phase").asString("Pending").equals("Running") ? 1 : 0)
                .thenComparingInt(p -> Pods.ready(p) ? 1 : 0)
                .thenComparing((ObjectNode p) -> p.path("metadata").path("creationTimestamp").asString(""), Comparator.reverseOrder())
                .thenComparing((ObjectNode p) -> p.path("metadata").path("name").asString(), Comparator.reverseOrder());
    }

    private void updateStatus(ControllerContext ctx, String ns, String name, ResourceType rsType, ResourceType podType,
            List<ObjectNode> activeRead) {
        ObjectNode rs = ctx.store().find(rsType, ns, name);
        if (rs == null) {
            return;
        }
        int minReady = rs.path("spec").path("minReadySeconds").asInt(0);
        Instant now = ctx.now();
        List<ObjectNode> active = activeRead != null ? activeRead
                : Pods.ownedReadOnly(ctx.store(), podType, ns, rs.path("metadata").path("uid").asString()).stream().filter(Pods::active).toList();
        int ready = 0;
        int available = 0;
        int fullyLabeled = 0;
        Instant nextAvailable = null;
        var selectorLabels = Json.stringMap(rs.path("spec").path("template").path("metadata").path("labels"));
        for (ObjectNode p : active) {
            if (Pods.ready(p)) {
                ready++;
                if (Pods.available(p, minReady, now)) {
                    available++;
                } else {
                    Instant at = Json.parseTime(Json.condition(p, "Ready").path("lastTransitionTime")).plusSeconds(minReady);
                    nextAvailable = nextAvailable == null || at.isBefore(nextAvailable) ? at : nextAvailable;
                }
            }
            if (Json.stringMap(p.path("metadata").path("labels")).entrySet().containsAll(selectorLabels.entrySet())) {
                fullyLabeled++;
            }
        }
        ObjectNode status = Json.object();
        status.put("replicas", active.size());
        if (fullyLabeled > 0) {
            status.put("fullyLabeledReplicas", fullyLabeled);
        }
        if (ready > 0) {
            status.put("readyReplicas", ready);
        }
        if (available > 0) {
            status.put("availableReplicas", available);
        }
        status.put("observedGeneration", rs.path("metadata").path("generation").asLong(1));
        if (!status.equals(rs.path("status"))) {
            rs.set("status", status);
            Json.meta(rs).remove("resourceVersion");
            ctx.store().updateStatus(rsType, ns, name, rs);
        }
        if (nextAvailable != null) {
            ctx.schedule(Duration.between(now, nextAvailable), () -> ctx.enqueue("rs/" + ns + "/" + name, () -> reconcile(ctx, ns, name)));
        }
    }
}
