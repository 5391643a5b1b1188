package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.VirtualClock;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.workshop.ClusterPlan;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;

/** One simulated cluster in instant mode for tests: store + runtime over a 1 control plane + 2 workers plan. */
final class SimHarness implements AutoCloseable {

    static final long SEED = 42;

    final VirtualClock clock;
    final ObjectStore store;
    final SimRuntime runtime;
    final ClusterPlan plan;

    SimHarness() {
        this(plan("cluster1", "10.244.0.0/16", "10.96.0.0/16", 2), VirtualClock.instant(), null);
    }

    SimHarness(ClusterPlan plan, VirtualClock clock, ObjectNode snapshot) {
        this.plan = plan;
        this.clock = clock;
        this.store = new ObjectStore(plan.name(), new ResourceRegistry(), clock, SEED);
        if (snapshot != null) {
            store.restore(snapshot);
        }
        this.runtime = SimRuntime.standard(store, clock, ClusterEnvironment.of(plan, List.of(plan), SEED,
                "-----BEGIN CERTIFICATE-----\nTESTCA\n-----END CERTIFICATE-----\n"));
    }

    static ClusterPlan plan(String name, String pods, String services, int workers) {
        List<ClusterPlan.NodePlan> nodes = new java.util.ArrayList<>();
        nodes.add(new ClusterPlan.NodePlan(name + "-control-plane", "control-plane", "", List.of()));
        for (int i = 1; i <= workers; i++) {
            nodes.add(new ClusterPlan.NodePlan(name + "-worker" + (i == 1 ? "" : String.valueOf(i)), "worker", "", List.of()));
        }
        return new ClusterPlan(name, pods, services, nodes, List.of(), "network1", "mesh1", Path.of("kind.yaml"));
    }

    SimHarness started() {
        runtime.start();
        runtime.awaitQuiescence();
        return this;
    }

    ResourceType type(String apiVersion, String kind) {
        return store.registry().require(apiVersion, kind);
    }

    /**
     * Creates an object and waits for the runtime to settle, as the API server does for every write in
     * instant mode: that is what makes a sequence of requests reproducible.
     */
    ObjectNode apply(String apiVersion, String kind, String ns, String json) {
        ObjectNode created = store.create(type(apiVersion, kind), ns, Bootstrap.q(json));
        runtime.awaitQuiescence();
        return created;
    }

    List<ObjectNode> list(String apiVersion, String kind, String ns) {
        return store.list(type(apiVersion, kind), ns);
    }

    ObjectNode get(String apiVersion, String kind, String ns, String name) {
        return store.find(type(apiVersion, kind), ns, name);
    }

    void settle() {
        runtime.awaitQuiescence();
    }

    @Override
    public void close() {
        runtime.close();
    }
}
