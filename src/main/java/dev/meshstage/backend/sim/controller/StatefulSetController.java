package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.TreeMap;

/**
 * The statefulset controller: pods {@code <sts>-0 … <sts>-(n-1)} with stable hostnames in the governing
 * service's subdomain; with OrderedReady (the default) each is created only once the previous one is Running
 * and Ready, and scale-down removes the highest ordinal first. Each volumeClaimTemplate gives a PVC
 * {@code <template>-<sts>-<ordinal>} (left behind on scale-down, as with the default Retain policy). A
 * template change rolls the pods from the highest ordinal down, one at a time.
 */
public final class StatefulSetController extends WorkloadController {

    public static final String COMPONENT = "statefulset-controller";
    public static final String REVISION = "controller-revision-hash";

    private static boolean runningAndReady(JsonNode pod) {
        return pod.path("status").path("phase").asString("").equals("Running") && Pods.ready(pod);
    }

    public StatefulSetController() {
        super(COMPONENT, "sts", "apps/v1", "StatefulSet", "v1", "Pod");
    }

    @Override
    void reconcile(ControllerContext ctx, String ns, String name) {
        ObjectStore store = ctx.store();
        ResourceType stsType = ctx.type("apps/v1", "StatefulSet");
        ResourceType podType = ctx.type("v1", "Pod");
        ObjectNode sts = store.find(stsType, ns, name);
        if (sts == null || Pods.deleting(sts)) {
            return;
        }
        int replicas = sts.path("spec").path("replicas").asInt(1);
        boolean parallel = sts.path("spec").path("podManagementPolicy").asString("OrderedReady").equals("Parallel");
        String revision = name + "-" + Workloads.templateHash(ctx.seed(), sts.path("spec").path("template"));
        Map<Integer, ObjectNode> byOrdinal = new TreeMap<>();
        for (ObjectNode p : Pods.owned(store, podType, ns, sts.path("metadata").path("uid").asString())) {
            String podName = p.path("metadata").path("name").asString();
            String suffix = podName.substring(Math.min(podName.length(), name.length() + 1));
            if (podName.startsWith(name + "-") && suffix.matches("\\d+")) {
                byOrdinal.put(Integer.parseInt(suffix), p);
            }
        }
        boolean settled = true;
        for (int i = 0; i < replicas; i++) {
            ObjectNode pod = byOrdinal.get(i);
            if (pod == null) {
                createPod(ctx, sts, i, revision);
                settled = false;
                if (!parallel) {
                    break;
                }
            } else if (Pods.terminal(pod)) {
                String podName = pod.path("metadata").path("name").asString();
                store.delete(podType, ns, podName, null, null);
                ctx.events().normal(COMPONENT, null, sts, "SuccessfulDelete", "delete Pod " + podName + " in StatefulSet " + name + " successful");
                settled = false;
                if (!parallel) {
                    break;
                }
            } else if (!runningAndReady(pod)) {
                settled = false;
                if (!parallel) {
                    break;
                }
            }
        }
        if (settled) {
            // scale down: highest ordinal first, one at a time
            Integer highest = byOrdinal.keySet().stream().filter(i -> i >= replicas).reduce((a, b) -> b).orElse(null);
            if (highest != null) {
                deletePod(ctx, sts, byOrdinal.get(highest));
            } else {
                // rolling update: the highest ordinal still on an old revision
                for (int i = replicas - 1; i >= 0; i--) {
                    ObjectNode pod = byOrdinal.get(i);
                    if (pod != null && !revision.equals(Json.stringMap(pod.path("metadata").path("labels")).get(REVISION))
                            && sts.path("spec").path("updateStrategy").path("type").asString("RollingUpdate").equals("RollingUpdate")) {
                        deletePod(ctx, sts, pod);
                        break;
                    }
                }
            }
        }
        updateStatus(ctx, ns, name, revision);
    }

    private void deletePod(ControllerContext ctx, ObjectNode sts, ObjectNode pod) {
        String podName = pod.path("metadata").path("name").asString();
        ctx.store().delete(ctx.type("v1", "Pod"), pod.path("metadata").path("namespace").asString(), podName, null, null);
        ctx.events().normal(COMPONENT, null, sts, "SuccessfulDelete", "delete Pod " + podName + " in StatefulSet "
                + sts.path("metadata").path("name").asString() + " successful");
    }

    private void createPod(ControllerContext ctx, ObjectNode sts, int ordinal, String revision) {
        String ns = sts.path("metadata").path("namespace").asString();
        String name = sts.path("metadata").path("name").asString();
        String podName = name + "-" + ordinal;
        ObjectNode pod = Pods.fromTemplate(sts.path("spec").path("template"), ns, sts);
        Json.meta(pod).put("name", podName);
        ObjectNode labels = Json.labels(pod);
        labels.put("apps.kubernetes.io/pod-index", String.valueOf(ordinal));
        labels.put(REVISION, revision);
        labels.put("statefulset.kubernetes.io/pod-name", podName);
        ObjectNode spec = (ObjectNode) pod.get("spec");
        spec.put("hostname", podName);
        String service = sts.path("spec").path("serviceName").asString("");
        if (!service.isEmpty()) {
            spec.put("subdomain", service);
        }
        ResourceType pvcType = ctx.type("v1", "PersistentVolumeClaim");
        for (JsonNode tpl : sts.path("spec").path("volumeClaimTemplates")) {
            String tplName = tpl.path("metadata").path("name").asString();
            String claim = tplName + "-" + name + "-" + ordinal;
            if (ctx.store().find(pvcType, ns, claim) == null) {
                ObjectNode pvc = Json.newObject("v1", "PersistentVolumeClaim", ns, claim);
                ObjectNode pvcLabels = Json.labels(pvc);
                pvcLabels.setAll(tpl.path("metadata").path("labels").isObject() ? (ObjectNode) tpl.path("metadata").path("labels").deepCopy() : Json.object());
                pvcLabels.setAll(sts.path("spec").path("selector").path("matchLabels").isObject()
                        ? (ObjectNode) sts.path("spec").path("selector").path("matchLabels").deepCopy() : Json.object());
                if (tpl.path("metadata").path("annotations").isObject()) {
                    Json.meta(pvc).set("annotations", tpl.path("metadata").path("annotations").deepCopy());
                }
                if (sts.path("spec").path("persistentVolumeClaimRetentionPolicy").path("whenDeleted").asString("Retain").equals("Delete")) {
                    ObjectNode ref = Json.controllerRef(sts);
                    Json.meta(pvc).putArray("ownerReferences").add(ref);
                }
                pvc.set("spec", tpl.path("spec").deepCopy());
                ctx.store().create(pvcType, ns, pvc);
                ctx.events().normal(COMPONENT, null, sts, "SuccessfulCreate", "create Claim " + claim + " Pod " + podName
                        + " in StatefulSet " + name + " success");
            }
            ArrayNode volumes = Json.childArray(spec, "volumes");
            volumes.removeIf(v -> v.path("name").asString().equals(tplName));
            ObjectNode vol = volumes.addObject();
            vol.put("name", tplName);
            vol.putObject("persistentVolumeClaim").put("claimName", claim);
        }
        ctx.store().create(ctx.type("v1", "Pod"), ns, pod);
        ctx.events().normal(COMPONENT, null, sts, "SuccessfulCreate", "create Pod " + podName + " in StatefulSet " + name + " successful");
    }

    private void updateStatus(ControllerContext ctx, String ns, String name, String revision) {
        ResourceType stsType = ctx.type("apps/v1", "StatefulSet");
        ObjectNode sts = ctx.store().find(stsType, ns, name);
        if (sts == null) {
            return;
        }
        int count = 0;
        int ready = 0;
        int updated = 0;
        for (ObjectNode p : Pods.owned(ctx.store(), ctx.type("v1", "Pod"), ns, sts.path("metadata").path("uid").asString())) {
            if (!Pods.active(p)) {
                continue;
            }
            count++;
            if (Pods.ready(p)) {
                ready++;
            }
            if (revision.equals(Json.stringMap(p.path("metadata").path("labels")).get(REVISION))) {
                updated++;
            }
        }
        ObjectNode old = sts.path("status").isObject() ? (ObjectNode) sts.path("status") : Json.object();
        ObjectNode status = Json.object();
        status.put("availableReplicas", ready);
        status.put("collisionCount", 0);
        status.put("currentReplicas", updated == count ? count : count - updated);
        String current = old.path("currentRevision").asString(revision);
        status.put("currentRevision", updated == count ? revision : current);
        status.put("observedGeneration", sts.path("metadata").path("generation").asLong(1));
        if (ready > 0) {
            status.put("readyReplicas", ready);
        }
        status.put("replicas", count);
        status.put("updateRevision", revision);
        if (updated > 0) {
            status.put("updatedReplicas", updated);
        }
        if (!status.equals(old)) {
            sts.set("status", status);
            Json.meta(sts).remove("resourceVersion");
            ctx.store().updateStatus(stsType, ns, name, sts);
        }
    }
}
