package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.Admission;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.backend.sim.store.WatchEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * kind's local-path provisioner together with the PV controller's binding: StorageClass {@code standard}
 * binds WaitForFirstConsumer, so a claim stays Pending until a pod using it is scheduled, then gets a
 * hostPath PV {@code pvc-<claim uid>} pinned to that node and both become Bound. Deleting the claim deletes
 * the volume (reclaimPolicy Delete). As an admission step, claims without a class get the default class.
 */
public final class LocalPathProvisioner implements SimController, Admission {

    public static final String PROVISIONER = "rancher.io/local-path";
    public static final String DEFAULT_CLASS = "standard";

    @Override
    public String name() {
        return "local-path-provisioner";
    }

    @Override
    public List<ResourceType> watches(ResourceRegistry registry) {
        return List.of(registry.require("v1", "Pod"), registry.require("v1", "PersistentVolumeClaim"));
    }

    @Override
    public void admissions(ControllerContext ctx) {
        ctx.addAdmission(this);
    }

    @Override
    public void admit(Operation op, ResourceType type, ObjectNode old, ObjectNode pvc, StoreView view) {
        if (op != Operation.CREATE || !type.groupResource().equals("persistentvolumeclaims")) {
            return;
        }
        ObjectNode spec = Json.child(pvc, "spec");
        if (!spec.has("storageClassName")) {
            for (ObjectNode sc : view.all("storageclasses.storage.k8s.io", "")) {
                if ("true".equals(Json.stringMap(sc.path("metadata").path("annotations")).get("storageclass.kubernetes.io/is-default-class"))) {
                    spec.put("storageClassName", sc.path("metadata").path("name").asString());
                }
            }
        }
        if (!spec.has("volumeMode")) {
            spec.put("volumeMode", "Filesystem");
        }
        pvc.putObject("status").put("phase", "Pending");
    }

    @Override
    public void onEvent(WatchEvent e, ControllerContext ctx) {
        String ns = e.namespace();
        JsonNode obj = e.object();
        if (obj.path("kind").asString().equals("PersistentVolumeClaim")) {
            String claim = e.name();
            if (e.type() == WatchEvent.Type.DELETED) {
                String pv = obj.path("spec").path("volumeName").asString("");
                if (!pv.isEmpty()) {
                    ctx.enqueue(null, () -> {
                        ResourceType pvType = ctx.type("v1", "PersistentVolume");
                        ObjectNode vol = ctx.store().find(pvType, "", pv);
                        if (vol != null && vol.path("spec").path("persistentVolumeReclaimPolicy").asString("Delete").equals("Delete")) {
                            ctx.store().delete(pvType, "", pv, null, null);
                        }
                    });
                }
                return;
            }
            if (e.type() == WatchEvent.Type.ADDED && obj.path("status").path("phase").asString("Pending").equals("Pending")) {
                ctx.enqueue("pvc/" + ns + "/" + claim, () -> pending(ctx, ns, claim));
            }
            return;
        }
        if (e.type() == WatchEvent.Type.DELETED) {
            return;
        }
        String node = obj.path("spec").path("nodeName").asString("");
        if (node.isEmpty()) {
            return;
        }
        for (JsonNode v : obj.path("spec").path("volumes")) {
            String claim = v.path("persistentVolumeClaim").path("claimName").asString("");
            if (!claim.isEmpty()) {
                ctx.enqueue("pvc/" + ns + "/" + claim, () -> provision(ctx, ns, claim, node));
            }
        }
    }

    /** A new claim: bind at once if a scheduled pod already uses it, else say we wait for one. */
    private void pending(ControllerContext ctx, String ns, String claim) {
        ObjectNode pvc = ctx.store().find(ctx.type("v1", "PersistentVolumeClaim"), ns, claim);
        if (pvc == null || !pvc.path("spec").path("volumeName").asString("").isEmpty()) {
            return;
        }
        for (ObjectNode pod : ctx.store().list(ctx.type("v1", "Pod"), ns)) {
            String node = pod.path("spec").path("nodeName").asString("");
            for (JsonNode v : pod.path("spec").path("volumes")) {
                if (!node.isEmpty() && claim.equals(v.path("persistentVolumeClaim").path("claimName").asString(""))) {
                    provision(ctx, ns, claim, node);
                    return;
                }
            }
        }
        if (ours(ctx, pvc)) {
            ctx.events().normal("persistentvolume-controller", null, pvc, "WaitForFirstConsumer",
                    "waiting for first consumer to be created before binding");
        }
    }

    private boolean ours(ControllerContext ctx, JsonNode pvc) {
        String cls = pvc.path("spec").path("storageClassName").asString(DEFAULT_CLASS);
        ObjectNode sc = ctx.store().find(ctx.type("storage.k8s.io/v1", "StorageClass"), "", cls);
        return sc != null && PROVISIONER.equals(sc.path("provisioner").asString());
    }

    private void provision(ControllerContext ctx, String ns, String claim, String node) {
        ObjectStore store = ctx.store();
        ResourceType pvcType = ctx.type("v1", "PersistentVolumeClaim");
        ResourceType pvType = ctx.type("v1", "PersistentVolume");
        ObjectNode pvc = store.find(pvcType, ns, claim);
        if (pvc == null || !pvc.path("spec").path("volumeName").asString("").isEmpty() || !ours(ctx, pvc)) {
            return;
        }
        String uid = pvc.path("metadata").path("uid").asString();
        String pvName = "pvc-" + uid;
        String cls = pvc.path("spec").path("storageClassName").asString(DEFAULT_CLASS);
        String provisionerPod = store.list(ctx.type("v1", "Pod"), "local-path-storage").stream()
                .map(p -> p.path("metadata").path("name").asString()).findFirst().orElse("local-path-provisioner");
        String component = PROVISIONER + "_" + provisionerPod + "_" + Json.sha256Hex(ctx.seed() + "/" + ctx.plan().name() + "/lpp").substring(0, 8)
                + "-" + Json.sha256Hex(ctx.seed() + "/lpp2").substring(0, 4);
        ctx.events().normal("persistentvolume-controller", null, pvc, "ExternalProvisioning",
                "Waiting for a volume to be created either by the external provisioner '" + PROVISIONER
                        + "' or manually by the system administrator. If volume creation is delayed, please verify that the "
                        + "provisioner is running and correctly registered.");
        ctx.events().normal(component, null, pvc, "Provisioning", "External provisioner is provisioning volume for claim \"" + ns + "/" + claim + "\"");
        String storage = pvc.path("spec").path("resources").path("requests").path("storage").asString("1Gi");
        ObjectNode pv = Json.newObject("v1", "PersistentVolume", "", pvName);
        ObjectNode ann = Json.annotations(pv);
        ann.put("local.path.provisioner/selected-node", node);
        ann.put("pv.kubernetes.io/provisioned-by", PROVISIONER);
        Json.meta(pv).putArray("finalizers").add("kubernetes.io/pv-protection");
        ObjectNode spec = pv.putObject("spec");
        spec.set("accessModes", pvc.path("spec").path("accessModes").isArray() ? pvc.path("spec").path("accessModes").deepCopy()
                : Json.array().add("ReadWriteOnce"));
        spec.putObject("capacity").put("storage", storage);
        ObjectNode ref = spec.putObject("claimRef");
        ref.put("apiVersion", "v1");
        ref.put("kind", "PersistentVolumeClaim");
        ref.put("name", claim);
        ref.put("namespace", ns);
        ref.put("resourceVersion", pvc.path("metadata").path("resourceVersion").asString());
        ref.put("uid", uid);
        ObjectNode hostPath = spec.putObject("hostPath");
        hostPath.put("path", "/var/local-path-provisioner/" + pvName + "_" + ns + "_" + claim);
        hostPath.put("type", "DirectoryOrCreate");
        ObjectNode expr = spec.putObject("nodeAffinity").putObject("required").putArray("nodeSelectorTerms").addObject()
                .putArray("matchExpressions").addObject();
        expr.put("key", "kubernetes.io/hostname");
        expr.put("operator", "In");
        expr.putArray("values").add(node);
        spec.put("persistentVolumeReclaimPolicy", "Delete");
        spec.put("storageClassName", cls);
        spec.put("volumeMode", "Filesystem");
        // remove the pv-protection finalizer in the sim: nothing would ever clear it
        Json.meta(pv).remove("finalizers");
        ObjectNode createdPv = store.create(pvType, "", pv);
        createdPv.putObject("status").put("phase", "Bound");
        Json.meta(createdPv).remove("resourceVersion");
        store.updateStatus(pvType, "", pvName, createdPv);
        ObjectNode pvcAnn = Json.annotations(pvc);
        pvcAnn.put("pv.kubernetes.io/bind-completed", "yes");
        pvcAnn.put("pv.kubernetes.io/bound-by-controller", "yes");
        pvcAnn.put("volume.beta.kubernetes.io/storage-provisioner", PROVISIONER);
        pvcAnn.put("volume.kubernetes.io/selected-node", node);
        pvcAnn.put("volume.kubernetes.io/storage-provisioner", PROVISIONER);
        ((ObjectNode) pvc.get("spec")).put("volumeName", pvName);
        ObjectNode bound = store.update(pvcType, ns, claim, pvc);
        ObjectNode status = bound.putObject("status");
        status.set("accessModes", spec.get("accessModes").deepCopy());
        status.putObject("capacity").put("storage", storage);
        status.put("phase", "Bound");
        Json.meta(bound).remove("resourceVersion");
        store.updateStatus(pvcType, ns, claim, bound);
        ctx.events().normal(component, null, bound, "ProvisioningSucceeded", "Successfully provisioned volume " + pvName);
    }
}
