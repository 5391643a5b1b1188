package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.backend.sim.store.WatchEvent;

import java.util.List;

/**
 * One simulated cluster component (a controller loop, the scheduler, the kubelets, MetalLB, istiod…).
 *
 * <p>All methods run on the cluster's single runtime thread, one event at a time, so a controller needs no
 * locking and everything it does follows from the order of events. A controller reads and writes the
 * {@link ControllerContext#store() store} directly, schedules {@link ControllerContext#schedule timers} for
 * anything that takes (virtual) time, and keeps no state that it cannot rebuild from the store: after a
 * restore it sees every existing object as ADDED again.
 */
public interface SimController {

    /** Short name used in logs and error reports, e.g. {@code deployment-controller}. */
    String name();

    /** The field manager the real component writes with (kube-controller-manager, kube-scheduler, kubelet…). */
    default String fieldManager() {
        return name();
    }

    /**
     * The kinds whose changes this controller wants. Asked again whenever the set of served kinds changes, so a
     * controller may return CRD kinds only once they exist (e.g. MetalLB's IPAddressPool). A component that
     * only admits writes or only bootstraps objects watches nothing.
     */
    default List<ResourceType> watches(ResourceRegistry registry) {
        return List.of();
    }

    /** One change of a watched kind (objects that exist at start arrive as ADDED). */
    default void onEvent(WatchEvent event, ControllerContext ctx) {
    }

    /** Called once on the runtime thread when the runtime starts (create bootstrap objects, register admissions). */
    default void start(ControllerContext ctx) {
    }

    /** Admission steps to register with the store; called when the controller is registered, before start. */
    default void admissions(ControllerContext ctx) {
    }
}
