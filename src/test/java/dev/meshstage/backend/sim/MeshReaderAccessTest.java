package dev.meshstage.backend.sim;

import dev.meshstage.backend.sim.apiserver.ApiServer;
import dev.meshstage.backend.sim.controller.Json;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.workshop.ClusterPlan;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A home saved before the sim enforced RBAC: its restored mesh gets the reader's role, so mesh link is not refused. */
class MeshReaderAccessTest {

    static ObjectStore store() {
        return new ObjectStore("c1", new ResourceRegistry(), VirtualClock.instant(), 1);
    }

    static void readerAccount(ObjectStore store) {
        if (store.find(store.registry().require("v1", "Namespace"), "", IstioManifests.NAMESPACE) == null) {
            store.create(store.registry().require("v1", "Namespace"), "", Json.newObject("v1", "Namespace", null, IstioManifests.NAMESPACE));
        }
        store.create(store.registry().require("v1", "ServiceAccount"), IstioManifests.NAMESPACE,
                Json.newObject("v1", "ServiceAccount", IstioManifests.NAMESPACE, "istio-reader-service-account"));
    }

    static ResourceType roles(ObjectStore s) {
        return s.registry().require("rbac.authorization.k8s.io/v1", "ClusterRole");
    }

    static ResourceType bindings(ObjectStore s) {
        return s.registry().require("rbac.authorization.k8s.io/v1", "ClusterRoleBinding");
    }

    @Test
    void noMeshNoRoles() {
        ObjectStore s = store();
        assertThat(MeshReaderAccess.refresh(s)).isFalse();
        assertThat(s.find(roles(s), "", IstioManifests.READER_ROLE)).isNull();
    }

    @Test
    void aMeshWithoutTheReaderRoleGetsItOnceAndAnOldRoleIsBroughtUpToDate() {
        ObjectStore s = store();
        readerAccount(s);
        assertThat(MeshReaderAccess.refresh(s)).isTrue();
        ObjectNode role = s.find(roles(s), "", IstioManifests.READER_ROLE);
        assertThat(role.get("rules")).isEqualTo(IstioManifests.readerRole().get("rules"));
        assertThat(s.find(bindings(s), "", IstioManifests.READER_ROLE).at("/subjects/0/name").asString())
                .isEqualTo("istio-reader-service-account");
        long rv = s.resourceVersion();
        assertThat(MeshReaderAccess.refresh(s)).as("twice is once").isFalse();
        assertThat(s.resourceVersion()).isEqualTo(rv);

        ObjectNode old = role.deepCopy();
        old.putArray("rules").addObject().putArray("verbs").add("get");
        s.update(roles(s), "", IstioManifests.READER_ROLE, old);
        assertThat(MeshReaderAccess.refresh(s)).isTrue();
        assertThat(s.find(roles(s), "", IstioManifests.READER_ROLE).get("rules")).isEqualTo(IstioManifests.readerRole().get("rules"));
    }

    @Test
    void aRestoredClusterHasTheReaderRole(@TempDir Path dir) throws Exception {
        Vertx vertx = ApiServer.newVertx();
        try {
            List<ClusterPlan.NodePlan> nodes = List.of(new ClusterPlan.NodePlan("old-control-plane", "control-plane", "", List.of()));
            ClusterPlan plan = new ClusterPlan("old", "10.244.0.0/16", "10.96.0.0/16", nodes, List.of(), "network1", "mesh1", Path.of("kind.yaml"));
            SimCluster first = SimCluster.start(plan, List.of(plan), dir, vertx, 0, line -> { });
            first.settle();
            readerAccount(first.store()); // the base of a mesh installed by a build without the role
            first.close();
            SimCluster again = SimCluster.start(plan, List.of(plan), dir, vertx, 0, line -> { });
            try {
                assertThat(again.store().find(roles(again.store()), "", IstioManifests.READER_ROLE)).isNotNull();
                assertThat(again.store().find(bindings(again.store()), "", IstioManifests.READER_ROLE)).isNotNull();
            } finally {
                again.close();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
