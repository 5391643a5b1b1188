package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.backend.sim.store.WatchEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The daemonset controller: one pod per eligible node (nodeSelector, required node affinity, NoSchedule and
 * NoExecute taints tolerated — with the tolerations upstream adds to every daemon pod), pinned to its node
 * with a {@code matchFields metadata.name} node affinity and bound by the scheduler; pods on nodes that no
 * longer qualify are removed; a template change replaces pods one node at a time.
 */
public final class DaemonSetController extends WorkloadController {

    public static final String COMPONENT = "daemonset-controller";

    public DaemonSetController() {
        super(COMPONENT, "ds", "apps/v1", "DaemonSet", "v1", "Pod");
    }

    @Override
    public List<ResourceType> watches(ResourceRegistry registry) {
        return List.of(registry.require("apps/v1", "DaemonSet"), registry.require("v1", "Pod"), registry.require("v1", "Node"));
    }

    @Override
    public void onEvent(WatchEvent e, ControllerContext ctx) {
        String kind = e.object().path("kind").asString();
        if (kind.equals("Node")) {
            ctx.enqueue("ds/all", () -> {
                for (ObjectNode ds : ctx.store().list(ctx.type("apps/v1", "DaemonSet"), "")) {
                    String ns = ds.path("metadata").path("namespace").asString();
                    String name = ds.path("metadata").path("name").asString();
                    enqueue(ctx, ns, name);
                }
            });
            return;
        }
        super.onEvent(e, ctx);
    }

    /** The tolerations the daemonset controller adds to every daemon pod. */
    static void addDaemonTolerations(ObjectNode spec) {
        ArrayNode t = Json.childArray(spec, "tolerations");
        String[][] add = {
            {"node.kubernetes.io/not-ready", "NoExecute"}, {"node.kubernetes.io/unreachable", "NoExecute"},
            {"node.kubernetes.io/disk-pressure", "NoSchedule"}, {"node.kubernetes.io/memory-pressure", "NoSchedule"},
            {"node.kubernetes.io/pid-pressure", "NoSchedule"}, {"node.kubernetes.io/unschedulable", "NoSchedule"}};
        for (String[] a : add) {
            if (!Pods.tolerates(t, Json.map("key", a[0], "effect", a[1]))) {
                ObjectNode tol = t.addObject();
                tol.put("effect", a[1]);
                tol.put("key", a[0]);
                tol.put("operator", "Exists");
            }
        }
        if (spec.path("hostNetwork").asBoolean(false) && !Pods.tolerates(t, Json.map("key", "node.kubernetes.io/network-unavailable", "effect", "NoSchedule"))) {
            ObjectNode tol = t.addObject();
            tol.put("effect", "NoSchedule");
            tol.put("key", "node.kubernetes.io/network-unavailable");
            tol.put("operator", "Exists");
        }
    }

    private static String targetNode(JsonNode pod) {
        String n = pod.path("spec").path("nodeName").asString("");
        if (!n.isEmpty()) {
            return n;
        }
        for (JsonNode term : pod.path("spec").path("affinity").path("nodeAffinity")
                .path("requiredDuringSchedulingIgnoredDuringExecution").path("nodeSelectorTerms")) {
            for (JsonNode f : term.path("matchFields")) {
                if (f.path("key").asString().equals("metadata.name") && f.path("values").size() > 0) {
                    return f.path("values").get(0).asString();
                }
            }
        }
        return "";
    }

    @Override
    void reconcile(ControllerContext ctx, String ns, String name) {
        ObjectStore store = ctx.store();
        ResourceType dsType = ctx.type("apps/v1", "DaemonSet");
        ResourceType podType = ctx.type("v1", "Pod");
        ObjectNode ds = store.find(dsType, ns, name);
        if (ds == null || Pods.deleting(ds)) {
            return;
        }
        long generation = ds.path("metadata").path("generation").asLong(1);
        ObjectNode templateSpec = ds.path("spec").path("template").path("spec").isObject()
                ? (ObjectNode) ds.path("spec").path("template").path("spec").deepCopy() : Json.object();
        addDaemonTolerations(templateSpec);
        String revision = Workloads.templateHash(ctx.seed(), ds.path("spec").path("template"));
        Map<String, ObjectNode> eligible = new TreeMap<>();
        for (ObjectNode node : store.list(ctx.type("v1", "Node"), "")) {
            if (Pods.matchesNodeSelector(templateSpec, node) && Pods.untoleratedTaint(templateSpec, node) == null) {
                eligible.put(node.path("metadata").path("name").asString(), node);
            }
        }
        Map<String, List<ObjectNode>> byNode = new TreeMap<>();
        for (ObjectNode p : Pods.owned(store, podType, ns, ds.path("metadata").path("uid").asString())) {
            if (Pods.active(p)) {
                byNode.computeIfAbsent(targetNode(p), k -> new ArrayList<>()).add(p);
            }
        }
        for (var e : byNode.entrySet()) {
            List<ObjectNode> pods = e.getValue();
            int keep = eligible.containsKey(e.getKey()) ? 1 : 0;
            for (int i = keep; i < pods.size(); i++) {
                deletePod(ctx, ds, pods.get(i));
            }
        }
        for (String node : eligible.keySet()) {
            if (!byNode.containsKey(node)) {
                createPod(ctx, ds, node, generation, revision);
            }
        }
        // rolling update: replace one outdated pod when every daemon pod is ready
        boolean allReady = true;
        ObjectNode outdated = null;
        for (String node : eligible.keySet()) {
            List<ObjectNode> pods = byNode.get(node);
            if (pods == null || !Pods.ready(pods.get(0))) {
                allReady = false;
                continue;
            }
            String gen = Json.stringMap(pods.get(0).path("metadata").path("labels")).get("pod-template-generation");
            if (outdated == null && !String.valueOf(generation).equals(gen)
                    && !revision.equals(Json.stringMap(pods.get(0).path("metadata").path("labels")).get("controller-revision-hash"))) {
                outdated = pods.get(0);
            }
        }
        if (allReady && outdated != null) {
            deletePod(ctx, ds, outdated);
        }
        updateStatus(ctx, ns, name, eligible.size(), generation, revision);
    }

    private void createPod(ControllerContext ctx, ObjectNode ds, String node, long generation, String revision) {
        String ns = ds.path("metadata").path("namespace").asString();
        ObjectNode pod = Pods.fromTemplate(ds.path("spec").path("template"), ns, ds);
        Json.meta(pod).put("generateName", ds.path("metadata").path("name").asString() + "-");
        ObjectNode labels = Json.labels(pod);
        labels.put("controller-revision-hash", revision);
        labels.put("pod-template-generation", String.valueOf(generation));
        ObjectNode spec = (ObjectNode) pod.get("spec");
        addDaemonTolerations(spec);
        ObjectNode nodeAffinity = Json.child(Json.child(spec, "affinity"), "nodeAffinity");
        ObjectNode required = Json.object();
        ObjectNode field = required.putArray("nodeSelectorTerms").addObject().putArray("matchFields").addObject();
        field.put("key", "metadata.name");
        field.put("operator", "In");
        field.putArray("values").add(node);
        nodeAffinity.set("requiredDuringSchedulingIgnoredDuringExecution", required);
        ObjectNode created = ctx.store().create(ctx.type("v1", "Pod"), ns, pod);
        ctx.events().normal(COMPONENT, null, ds, "SuccessfulCreate", "Created pod: " + created.path("metadata").path("name").asString());
    }

    private void deletePod(ControllerContext ctx, ObjectNode ds, ObjectNode pod) {
        String podName = pod.path("metadata").path("name").asString();
        ctx.store().delete(ctx.type("v1", "Pod"), pod.path("metadata").path("namespace").asString(), podName, null, null);
        ctx.events().normal(COMPONENT, null, ds, "SuccessfulDelete", "Deleted pod: " + podName);
    }

    private void updateStatus(ControllerContext ctx, String ns, String name, int desired, long generation, String revision) {
        ResourceType dsType = ctx.type("apps/v1", "DaemonSet");
        ObjectNode ds = ctx.store().find(dsType, ns, name);
        if (ds == null) {
            return;
        }
        int scheduled = 0;
        int ready = 0;
        int updated = 0;
        for (ObjectNode p : Pods.owned(ctx.store(), ctx.type("v1", "Pod"), ns, ds.path("metadata").path("uid").asString())) {
            if (!Pods.active(p)) {
                continue;
            }
            if (!p.path("spec").path("nodeName").asString("").isEmpty()) {
                scheduled++;
            }
            if (Pods.ready(p)) {
                ready++;
            }
            if (String.valueOf(generation).equals(Json.stringMap(p.path("metadata").path("labels")).get("pod-template-generation"))
                    || revision.equals(Json.stringMap(p.path("metadata").path("labels")).get("controller-revision-hash"))) {
                updated++;
            }
        }
        ObjectNode status = Json.object();
        status.put("currentNumberScheduled", scheduled);
        status.put("desiredNumberScheduled", desired);
        status.put("numberAvailable", ready);
        status.put("numberMisscheduled", 0);
        status.put("numberReady", ready);
        if (desired - ready > 0) {
            status.put("numberUnavailable", desired - ready);
        }
        status.put("observedGeneration", generation);
        status.put("updatedNumberScheduled", updated);
        if (!status.equals(ds.path("status"))) {
            ds.set("status", status);
            Json.meta(ds).remove("resourceVersion");
            ctx.store().updateStatus(dsType, ns, name, ds);
        }
    }
}
