package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.backend.sim.store.WatchEvent;

import java.util.List;

/**
 * What the kube-controller-manager's workload controllers have in common: they watch their workload kind
 * and the children it controls, and reconcile one workload at a time (queued by key, so a burst of child
 * changes is one reconcile).
 */
abstract class WorkloadController implements SimController {

    private final String component;
    private final String key;
    private final String workloadApiVersion;
    private final String workloadKind;
    private final String childApiVersion;
    private final String childKind;

    WorkloadController(String component, String key, String workloadApiVersion, String workloadKind,
            String childApiVersion, String childKind) {
        this.component = component;
        this.key = key;
        this.workloadApiVersion = workloadApiVersion;
        this.workloadKind = workloadKind;
        this.childApiVersion = childApiVersion;
        this.childKind = childKind;
    }

    @Override
    public String name() {
        return component;
    }

    @Override
    public String fieldManager() {
        return "kube-controller-manager";
    }

    @Override
    public List<ResourceType> watches(ResourceRegistry registry) {
        return List.of(registry.require(workloadApiVersion, workloadKind), registry.require(childApiVersion, childKind));
    }

    @Override
    public void onEvent(WatchEvent e, ControllerContext ctx) {
        String name = Workloads.affected(e, workloadKind);
        if (name != null) {
            enqueue(ctx, e.namespace(), name);
        }
    }

    void enqueue(ControllerContext ctx, String ns, String name) {
        ctx.enqueue(key + "/" + ns + "/" + name, () -> reconcile(ctx, ns, name));
    }

    abstract void reconcile(ControllerContext ctx, String ns, String name);
}
