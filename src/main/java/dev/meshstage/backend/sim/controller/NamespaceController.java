package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.backend.sim.store.WatchEvent;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The serviceaccount controller and root-ca-cert-publisher of kube-controller-manager: every active namespace
 * has a {@code default} ServiceAccount and a {@code kube-root-ca.crt} ConfigMap holding the cluster CA; both
 * come back when deleted.
 */
public final class NamespaceController implements SimController {

    public static final String ROOT_CA = "kube-root-ca.crt";

    @Override
    public String name() {
        return "serviceaccount-controller";
    }

    @Override
    public List<ResourceType> watches(ResourceRegistry registry) {
        return List.of(registry.require("v1", "Namespace"), registry.require("v1", "ServiceAccount"),
                registry.require("v1", "ConfigMap"));
    }

    @Override
    public void onEvent(WatchEvent e, ControllerContext ctx) {
        String kind = e.object().path("kind").asString();
        String ns;
        if (kind.equals("Namespace")) {
            if (e.type() == WatchEvent.Type.DELETED) {
                return;
            }
            ns = e.name();
        } else if (e.type() == WatchEvent.Type.DELETED
                && (kind.equals("ServiceAccount") && e.name().equals("default") || kind.equals("ConfigMap") && e.name().equals(ROOT_CA))) {
            ns = e.namespace();
        } else if (kind.equals("ConfigMap") && e.name().equals(ROOT_CA)) {
            ns = e.namespace();
        } else {
            return;
        }
        ctx.enqueue("namespace/" + ns, () -> reconcile(ctx, ns));
    }

    private void reconcile(ControllerContext ctx, String ns) {
        ObjectNode namespace = ctx.store().find(ctx.type("v1", "Namespace"), "", ns);
        if (namespace == null || Pods.deleting(namespace)) {
            return;
        }
        ResourceType sa = ctx.type("v1", "ServiceAccount");
        if (ctx.store().find(sa, ns, "default") == null) {
            ctx.store().create(sa, ns, Json.newObject("v1", "ServiceAccount", ns, "default"));
        }
        ResourceType cm = ctx.type("v1", "ConfigMap");
        String pem = ctx.env().caPemOrPlaceholder();
        ObjectNode existing = ctx.store().find(cm, ns, ROOT_CA);
        if (existing == null) {
            ObjectNode c = Json.newObject("v1", "ConfigMap", ns, ROOT_CA);
            Json.annotations(c).put("kubernetes.io/description", "Contains a CA bundle that can be used to verify the "
                    + "kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. "
                    + "No other usage is guaranteed across distributions of Kubernetes clusters.");
            c.putObject("data").put("ca.crt", pem);
            ctx.store().create(cm, ns, c);
        } else if (!pem.equals(existing.path("data").path("ca.crt").asString(""))) {
            Json.child(existing, "data").put("ca.crt", pem);
            ctx.store().update(cm, ns, ROOT_CA, existing);
        }
    }
}
