package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.VirtualClock;
import dev.meshstage.backend.sim.store.Admission;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.workshop.ClusterPlan;

import java.time.Duration;
import java.time.Instant;

/** What a {@link SimController} gets from its runtime. Use it only on the runtime thread. */
public final class ControllerContext {

    private final SimRuntime runtime;

    ControllerContext(SimRuntime runtime) {
        this.runtime = runtime;
    }

    public ObjectStore store() {
        return runtime.store();
    }

    public ResourceRegistry registry() {
        return runtime.store().registry();
    }

    /** A built-in or CRD kind, e.g. {@code type("apps/v1", "Deployment")}. */
    public ResourceType type(String apiVersion, String kind) {
        return registry().require(apiVersion, kind);
    }

    public VirtualClock clock() {
        return runtime.clock();
    }

    public Instant now() {
        return runtime.clock().get();
    }

    public ClusterEnvironment env() {
        return runtime.env();
    }

    public ClusterPlan plan() {
        return runtime.env().plan();
    }

    public long seed() {
        return runtime.env().seed();
    }

    /** Runs {@code action} on the runtime thread after {@code delay} of virtual time. */
    public SimRuntime.Timer schedule(Duration delay, Runnable action) {
        return runtime.schedule(delay, action);
    }

    /**
     * Runs {@code action} on the runtime thread after {@code delay} of the time a person waits for: the wall clock
     * when live (never skipped ahead), else virtual time like {@link #schedule}.
     */
    public SimRuntime.Timer scheduleWall(Duration delay, Runnable action) {
        return runtime.scheduleWall(delay, action);
    }

    /**
     * Runs {@code action} on the runtime thread every {@code period} of wall-clock time while the clock is live
     * (the background server), and never on instant time, which only moves when something happens.
     */
    public void everyLive(String key, Duration period, Runnable action) {
        runtime.everyLive(key, period, action);
    }

    /**
     * Queues immediate work; with a non-null {@code key}, work already queued under the same key is not queued
     * twice (use it for "reconcile this object").
     */
    public void enqueue(String key, Runnable action) {
        runtime.enqueue(key, action);
    }

    public EventRecorder events() {
        return runtime.events();
    }

    public ImageCatalogue images() {
        return runtime.images();
    }

    public ContainerPrograms programs() {
        return runtime.programs();
    }

    public LogBook logs() {
        return runtime.logs();
    }

    public void addAdmission(Admission admission) {
        runtime.store().addAdmission(admission);
    }

    /** Another registered controller, for the few places where components talk directly. */
    public <T extends SimController> T controller(Class<T> type) {
        return runtime.controller(type);
    }
}
