package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.FieldSelector;
import dev.meshstage.backend.sim.store.LabelSelector;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.backend.sim.store.WatchEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * kube-scheduler: binds pods without {@code spec.nodeName} to a node that is Ready, whose NoSchedule /
 * NoExecute taints the pod tolerates, that matches its nodeSelector and required node affinity, whose pod
 * capacity is not used up and where its bound volumes live; among those, the node with the fewest pods
 * (ties: node name). Otherwise: {@code PodScheduled=False/Unschedulable} and a FailedScheduling event.
 */
public final class Scheduler implements SimController {

    public static final String COMPONENT = "default-scheduler";

    /** By node: what of it decides whether a pod fits there, as last seen (runtime thread only). */
    private final Map<String, String> nodeFit = new HashMap<>();
    /**
     * Pods on each node that have not finished, as last counted (the scheduler's cache: with 2,000 pending pods,
     * counting every pod for each one was quadratic); null after an event of a pod on a node, which may move it.
     */
    private Map<String, Integer> load;

    @Override
    public String name() {
        return "kube-scheduler";
    }

    @Override
    public List<ResourceType> watches(ResourceRegistry registry) {
        return List.of(registry.require("v1", "Pod"), registry.require("v1", "Node"),
                registry.require("v1", "PersistentVolumeClaim"));
    }

    @Override
    public void onEvent(WatchEvent e, ControllerContext ctx) {
        String kind = e.object().path("kind").asString();
        if (kind.equals("Pod")) {
            JsonNode pod = e.object();
            if (!pod.path("spec").path("nodeName").asString("").isEmpty()) {
                load = null;
            }
            boolean bound = !pod.path("spec").path("nodeName").asString("").isEmpty();
            if (e.type() == WatchEvent.Type.DELETED || (bound && Pods.terminal(pod))) {
                // a bound pod gone or finished frees its place on the node: pending pods may fit now
                if (bound) {
                    ctx.enqueue("scheduler/retry", () -> retryAll(ctx));
                }
                return;
            }
            if (wantsScheduling(pod)) {
                String ns = e.namespace();
                String name = e.name();
                ctx.enqueue("scheduler/" + ns + "/" + name, () -> schedule(ctx, ns, name));
            }
        } else if (kind.equals("Node")) {
            // as kube-scheduler's queueing hints: only a node change that can make a pod fit moves the pending ones
            // (not a heartbeat, not the images a kubelet pulled)
            String name = e.name();
            if (e.type() == WatchEvent.Type.DELETED) {
                nodeFit.remove(name);
            } else if (!fitOf(e.object()).equals(nodeFit.put(name, fitOf(e.object())))) {
                ctx.enqueue("scheduler/retry", () -> retryAll(ctx));
            }
        } else if (e.type() != WatchEvent.Type.DELETED) {
            ctx.enqueue("scheduler/retry", () -> retryAll(ctx));
        }
    }

    private static String fitOf(JsonNode node) {
        return node.path("spec").path("unschedulable").asBoolean(false) + "|" + node.path("spec").path("taints")
                + "|" + node.path("metadata").path("labels") + "|" + node.path("status").path("allocatable")
                + "|" + Json.conditionTrue(node, "Ready");
    }

    private static boolean wantsScheduling(JsonNode pod) {
        String scheduler = pod.path("spec").path("schedulerName").asString(COMPONENT);
        return pod.path("spec").path("nodeName").asString("").isEmpty() && Pods.active(pod)
                && (scheduler.isEmpty() || scheduler.equals(COMPONENT));
    }

    private void retryAll(ControllerContext ctx) {
        for (ObjectNode p : ctx.store().list(ctx.type("v1", "Pod"), "")) {
            if (wantsScheduling(p)) {
                String ns = p.path("metadata").path("namespace").asString();
                String name = p.path("metadata").path("name").asString();
                ctx.enqueue("scheduler/" + ns + "/" + name, () -> schedule(ctx, ns, name));
            }
        }
    }

    void schedule(ControllerContext ctx, String ns, String name) {
        ObjectStore store = ctx.store();
        ResourceType pods = ctx.type("v1", "Pod");
        ObjectNode pod = store.find(pods, ns, name);
        if (pod == null || !wantsScheduling(pod)) {
            return;
        }
        List<ObjectNode> nodes = store.list(ctx.type("v1", "Node"), "");
        if (load == null) {
            load = countLoad(ctx);
        }
        Map<String, Integer> reasons = new TreeMap<>();
        String volumeProblem = volumeProblem(ctx, pod);
        ObjectNode best = null;
        int bestLoad = Integer.MAX_VALUE;
        JsonNode spec = pod.path("spec");
        for (ObjectNode node : nodes) {
            String reason = null;
            String nodeName = node.path("metadata").path("name").asString();
            JsonNode taint = Pods.untoleratedTaint(spec, node);
            if (volumeProblem != null) {
                reason = volumeProblem;
            } else if (node.path("spec").path("unschedulable").asBoolean(false)) {
                reason = "node(s) were unschedulable";
            } else if (!Json.conditionTrue(node, "Ready")) {
                reason = "node(s) had untolerated taint {node.kubernetes.io/not-ready: }";
            } else if (taint != null) {
                reason = "node(s) had untolerated taint {" + taint.path("key").asString() + ": "
                        + taint.path("value").asString("") + "}";
            } else if (!Pods.matchesNodeSelector(spec, node)) {
                reason = "node(s) didn't match Pod's node affinity/selector";
            } else if (!volumesFit(ctx, pod, node)) {
                reason = "node(s) had volume node affinity conflict";
            } else if (load.getOrDefault(nodeName, 0) >= node.path("status").path("allocatable").path("pods").asInt(110)) {
                reason = "Too many pods";
            }
            if (reason != null) {
                reasons.merge(reason, 1, Integer::sum);
                continue;
            }
            int l = load.getOrDefault(nodeName, 0);
            if (l < bestLoad) {
                best = node;
                bestLoad = l;
            }
        }
        if (best == null) {
            unschedulable(ctx, pod, nodes.size(), reasons, volumeProblem != null);
            return;
        }
        bind(ctx, pod, best.path("metadata").path("name").asString());
    }

    private static Map<String, Integer> countLoad(ControllerContext ctx) {
        Map<String, Integer> counted = new HashMap<>();
        // read-only: counting must not copy every pod
        for (ObjectNode p : ctx.store().listReadOnly(ctx.type("v1", "Pod"), "", LabelSelector.everything(), FieldSelector.everything()).items()) {
            String n = p.path("spec").path("nodeName").asString("");
            if (!n.isEmpty() && !Pods.terminal(p)) {
                counted.merge(n, 1, Integer::sum);
            }
        }
        return counted;
    }

    private void bind(ControllerContext ctx, ObjectNode pod, String nodeName) {
        ResourceType pods = ctx.type("v1", "Pod");
        String ns = pod.path("metadata").path("namespace").asString();
        String name = pod.path("metadata").path("name").asString();
        ((ObjectNode) pod.get("spec")).put("nodeName", nodeName);
        ObjectNode bound = ctx.store().update(pods, ns, name, pod);
        if (load != null) {
            load.merge(nodeName, 1, Integer::sum); // the next pod counts it before its event comes
        }
        ObjectNode status = bound.has("status") ? (ObjectNode) bound.get("status") : bound.putObject("status");
        if (!status.has("phase")) {
            status.put("phase", "Pending");
        }
        ObjectNode fresh = Json.object();
        Json.setCondition(fresh, "PodScheduled", "True", null, null, ctx.now(), true, false);
        // keep other conditions, replace PodScheduled
        var conds = Json.childArray(status, "conditions");
        conds.removeIf(c -> c.path("type").asString().equals("PodScheduled"));
        conds.add(fresh.get("conditions").get(0));
        Json.meta(bound).remove("resourceVersion");
        ctx.store().updateStatus(pods, ns, name, bound);
        ctx.events().record(COMPONENT, null, bound, null, "Normal", "Scheduled",
                "Successfully assigned " + ns + "/" + name + " to " + nodeName);
    }

    private void unschedulable(ControllerContext ctx, ObjectNode pod, int nodeCount, Map<String, Integer> reasons,
            boolean volumeProblem) {
        StringBuilder msg = new StringBuilder("0/" + nodeCount + " nodes are available: ");
        if (nodeCount == 0) {
            msg.append("no nodes available to schedule pods.");
        } else if (volumeProblem) {
            msg.append(reasons.keySet().iterator().next()).append('.');
        } else {
            // as the scheduler's FitError: "<count> <reason>" strings, sorted
            List<String> parts = new java.util.ArrayList<>();
            reasons.forEach((reason, count) -> parts.add(count + " " + reason));
            java.util.Collections.sort(parts);
            msg.append(String.join(", ", parts));
            msg.append(". preemption: 0/").append(nodeCount).append(" nodes are available: ").append(nodeCount)
                    .append(" Preemption is not helpful for scheduling.");
        }
        ObjectNode status = pod.has("status") ? (ObjectNode) pod.get("status") : pod.putObject("status");
        status.put("phase", "Pending");
        boolean changed = Json.setCondition(status, "PodScheduled", "False", "Unschedulable", msg.toString(),
                ctx.now(), true, false);
        if (!changed) {
            return;
        }
        Json.meta(pod).remove("resourceVersion");
        ObjectNode updated = ctx.store().updateStatus(ctx.type("v1", "Pod"), pod.path("metadata").path("namespace").asString(),
                pod.path("metadata").path("name").asString(), pod);
        ctx.events().record(COMPONENT, null, updated, null, "Warning", "FailedScheduling", msg.toString());
    }

    /** A claim the pod needs that does not exist: no node can take the pod. */
    private String volumeProblem(ControllerContext ctx, JsonNode pod) {
        for (JsonNode v : pod.path("spec").path("volumes")) {
            String claim = v.path("persistentVolumeClaim").path("claimName").asString("");
            if (!claim.isEmpty() && ctx.store().find(ctx.type("v1", "PersistentVolumeClaim"),
                    pod.path("metadata").path("namespace").asString(), claim) == null) {
                return "persistentvolumeclaim \"" + claim + "\" not found";
            }
        }
        return null;
    }

    /** Claims already bound to a volume with node affinity pin the pod to that node. */
    private boolean volumesFit(ControllerContext ctx, JsonNode pod, JsonNode node) {
        for (JsonNode v : pod.path("spec").path("volumes")) {
            String claim = v.path("persistentVolumeClaim").path("claimName").asString("");
            if (claim.isEmpty()) {
                continue;
            }
            ObjectNode pvc = ctx.store().find(ctx.type("v1", "PersistentVolumeClaim"),
                    pod.path("metadata").path("namespace").asString(), claim);
            String pvName = pvc == null ? "" : pvc.path("spec").path("volumeName").asString("");
            if (pvName.isEmpty()) {
                continue;
            }
            ObjectNode pv = ctx.store().find(ctx.type("v1", "PersistentVolume"), "", pvName);
            JsonNode terms = pv == null ? null : pv.path("spec").path("nodeAffinity").path("required").path("nodeSelectorTerms");
            if (terms != null && terms.isArray() && !terms.isEmpty() && !Pods.matchesNodeSelectorTerms(terms, node)) {
                return false;
            }
        }
        return true;
    }
}
