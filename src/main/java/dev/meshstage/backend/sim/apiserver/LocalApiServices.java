package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code APIService} objects of the built-in group versions ({@code v1.}, {@code v1.apps}, …), created when
 * missing, as the kube-aggregator's autoregistration does: served locally, so always Available.
 */
final class LocalApiServices {

    private LocalApiServices() {
    }

    static void ensure(ObjectStore store, String timestamp) {
        ResourceType apiServices = store.registry().require("apiregistration.k8s.io/v1", "APIService");
        Map<String, String[]> groupVersions = new LinkedHashMap<>();
        for (ResourceType t : store.registry().all()) {
            if (store.registry().builtin(t)) {
                groupVersions.putIfAbsent(t.version() + "." + t.group(), new String[] {t.group(), t.version()});
            }
        }
        for (Map.Entry<String, String[]> e : groupVersions.entrySet()) {
            if (store.find(apiServices, "", e.getKey()) != null) {
                continue;
            }
            ObjectNode o = Json.object();
            o.put("apiVersion", "apiregistration.k8s.io/v1");
            o.put("kind", "APIService");
            ObjectNode meta = o.putObject("metadata");
            meta.put("name", e.getKey());
            meta.putObject("labels").put("kube-aggregator.kubernetes.io/automanaged", "onstart");
            ObjectNode spec = o.putObject("spec");
            if (!e.getValue()[0].isEmpty()) {
                spec.put("group", e.getValue()[0]);
            }
            spec.put("version", e.getValue()[1]);
            spec.put("groupPriorityMinimum", priority(e.getValue()[0]));
            spec.put("versionPriority", e.getValue()[1].equals("v1") || e.getValue()[1].equals("v2") ? 15 : 9);
            ObjectNode created = store.create(apiServices, "", o);
            ObjectNode cond = created.putObject("status").putArray("conditions").addObject();
            cond.put("lastTransitionTime", timestamp);
            cond.put("message", "Local APIServices are always available");
            cond.put("reason", "Local");
            cond.put("status", "True");
            cond.put("type", "Available");
            store.updateStatus(apiServices, "", e.getKey(), created);
        }
    }

    /** The aggregator's group priorities: core first, then the long-standing groups. */
    private static int priority(String group) {
        List<String> order = List.of("", "apps", "events.k8s.io", "authentication.k8s.io", "authorization.k8s.io", "autoscaling",
                "batch", "certificates.k8s.io", "networking.k8s.io", "policy", "rbac.authorization.k8s.io", "storage.k8s.io");
        int i = order.indexOf(group);
        return i < 0 ? 1000 : 18000 - i * 100;
    }
}
