package dev.meshstage.backend.sim.store;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ObjectStoreTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ResourceRegistry registry = new ResourceRegistry();
    private final ObjectStore store = new ObjectStore("cluster1", registry, () -> Instant.parse("2026-11-25T10:00:00Z"), 42);
    private final ResourceType ns = registry.require("v1", "Namespace");
    private final ResourceType pods = registry.require("v1", "Pod");
    private final ResourceType deployments = registry.require("apps/v1", "Deployment");

    private static ObjectNode obj(String json) {
        return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
    }

    private ObjectNode pod(String name, String app) {
        return store.create(pods, "demo", obj("{'metadata':{'name':'" + name + "','labels':{'app':'" + app + "'}},"
                + "'spec':{'containers':[{'name':'c','image':'nginx'}]}}"));
    }

    @Test
    void createSetsServerFieldsAndRefusesDuplicatesAndMissingNamespaces() {
        assertThatThrownBy(() -> pod("a", "web")).isInstanceOf(StoreException.class)
                .hasMessage("namespaces \"demo\" not found");
        store.create(ns, "", obj("{'metadata':{'name':'demo'}}"));
        ObjectNode p = pod("a", "web");
        assertThat(p.at("/metadata/uid").asString()).hasSize(36);
        assertThat(p.at("/metadata/creationTimestamp").asString()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(p.at("/metadata/resourceVersion").asString()).isEqualTo("2");
        assertThatThrownBy(() -> pod("a", "web")).extracting(e -> ((StoreException) e).code()).isEqualTo(409);
    }

    @Test
    void staleUpdateConflictsSpecUpdateKeepsStatusAndBumpsGeneration() {
        store.create(ns, "", obj("{'metadata':{'name':'demo'}}"));
        ObjectNode d = store.create(deployments, "demo", obj("{'metadata':{'name':'web'},'spec':{'replicas':1}}"));
        ObjectNode withStatus = d.deepCopy();
        withStatus.putObject("status").put("readyReplicas", 1);
        store.updateStatus(deployments, "demo", "web", withStatus);
        ObjectNode stale = d.deepCopy();
        ((ObjectNode) stale.get("spec")).put("replicas", 3);
        assertThatThrownBy(() -> store.update(deployments, "demo", "web", stale))
                .extracting(e -> ((StoreException) e).reason()).isEqualTo("Conflict");
        ((ObjectNode) stale.get("metadata")).remove("resourceVersion");
        ObjectNode updated = store.update(deployments, "demo", "web", stale);
        assertThat(updated.at("/status/readyReplicas").asInt()).isEqualTo(1);
        assertThat(updated.at("/metadata/generation").asInt()).isEqualTo(2);
    }

    @Test
    void setBasedSelectorsFilter() {
        store.create(ns, "", obj("{'metadata':{'name':'demo'}}"));
        pod("a", "web");
        pod("b", "db");
        pod("c", "cache");
        List<String> names = store.list(pods, "demo", LabelSelector.parse("app in (web, db)"), FieldSelector.everything())
                .items().stream().map(Objects::name).toList();
        assertThat(names).containsExactly("a", "b");
        assertThat(store.list(pods, "", LabelSelector.parse("app notin (web),app"), FieldSelector.parse("metadata.name!=b"))
                .items()).extracting(Objects::name).containsExactly("c");
    }

    @Test
    void watchResumesFromVersionAndSaysGoneWhenTooOld() {
        store.create(ns, "", obj("{'metadata':{'name':'demo'}}"));
        ObjectNode a = pod("a", "web");
        long rv = Objects.resourceVersion(a);
        pod("b", "web");
        store.delete(pods, "demo", "a", null, null);
        List<String> seen = new ArrayList<>();
        store.watch(pods, "demo", LabelSelector.everything(), FieldSelector.everything(), rv,
                e -> seen.add(e.type() + ":" + e.name()));
        pod("c", "web");
        assertThat(seen).containsExactly("ADDED:b", "DELETED:a", "ADDED:c");
        for (int i = 0; i < ObjectStore.HISTORY; i++) {
            store.update(pods, "demo", "c", obj("{'metadata':{'name':'c','labels':{'n':'" + i + "'}},'spec':{}}"));
        }
        assertThatThrownBy(() -> store.watch(pods, "demo", LabelSelector.everything(), FieldSelector.everything(), rv, e -> { }))
                .extracting(e -> ((StoreException) e).code()).isEqualTo(410);
    }

    @Test
    void labelChangeOutOfSelectorIsDeletedForThatWatcher() {
        store.create(ns, "", obj("{'metadata':{'name':'demo'}}"));
        pod("a", "web");
        List<String> seen = new ArrayList<>();
        store.watch(pods, "demo", LabelSelector.parse("app=web"), FieldSelector.everything(), 0, e -> seen.add(e.type() + ":" + e.name()));
        store.update(pods, "demo", "a", obj("{'metadata':{'name':'a','labels':{'app':'db'}},'spec':{}}"));
        assertThat(seen).containsExactly("ADDED:a", "DELETED:a");
    }

    @Test
    void ownersCollectTheirDependentsAndNamespacesTheirContents() {
        store.create(ns, "", obj("{'metadata':{'name':'demo'}}"));
        ObjectNode d = store.create(deployments, "demo", obj("{'metadata':{'name':'web'},'spec':{}}"));
        store.create(pods, "demo", obj("{'metadata':{'name':'owned','ownerReferences':[{'uid':'" + Objects.uid(d)
                + "','kind':'Deployment','name':'web','apiVersion':'apps/v1'}]},'spec':{}}"));
        pod("free", "x");
        store.delete(deployments, "demo", "web", null, null);
        assertThat(store.list(pods, "demo")).extracting(Objects::name).containsExactly("free");
        store.delete(ns, "", "demo", null, null);
        assertThat(store.list(pods, "")).isEmpty();
        assertThat(store.find(ns, "", "demo")).isNull();
    }

    @Test
    void finalizersHoldDeletionUntilRemoved() {
        store.create(ns, "", obj("{'metadata':{'name':'demo'}}"));
        store.create(pods, "demo", obj("{'metadata':{'name':'f','finalizers':['x/y']},'spec':{}}"));
        ObjectNode held = store.delete(pods, "demo", "f", null, null);
        assertThat(held.at("/metadata/deletionTimestamp").isMissingNode()).isFalse();
        ((ObjectNode) held.get("metadata")).remove("finalizers");
        store.update(pods, "demo", "f", held);
        assertThat(store.find(pods, "demo", "f")).isNull();
    }

    @Test
    void crdsAddKindsAndSnapshotsRestoreThem() {
        store.create(registry.require("apiextensions.k8s.io/v1", "CustomResourceDefinition"), "", obj(
                "{'metadata':{'name':'gateways.networking.istio.io'},'spec':{'group':'networking.istio.io','scope':'Namespaced',"
                        + "'names':{'kind':'Gateway','plural':'gateways','singular':'gateway','shortNames':['gw']},"
                        + "'versions':[{'name':'v1','served':true,'storage':true,'subresources':{'status':{}}},{'name':'v1beta1','served':true,'storage':false}]}}"));
        ResourceType gw = registry.require("networking.istio.io/v1", "Gateway");
        store.create(ns, "", obj("{'metadata':{'name':'istio-system'}}"));
        store.create(gw, "istio-system", obj("{'metadata':{'name':'cross-network-gateway'},'spec':{'selector':{'istio':'eastwestgateway'}}}"));
        assertThat(store.get(registry.require("networking.istio.io/v1beta1", "Gateway"), "istio-system", "cross-network-gateway")
                .get("apiVersion").asString()).isEqualTo("networking.istio.io/v1beta1");

        ResourceRegistry registry2 = new ResourceRegistry();
        ObjectStore restored = new ObjectStore("cluster1", registry2, Instant::now, 42);
        restored.restore(store.snapshot());
        assertThat(restored.list(registry2.require("networking.istio.io/v1", "Gateway"), "")).hasSize(1);
        assertThat(restored.resourceVersion()).isEqualTo(store.resourceVersion());
    }

    @Test
    void generatedNamesAreSeededAndStable() {
        store.create(ns, "", obj("{'metadata':{'name':'demo'}}"));
        ObjectNode p = store.create(pods, "demo", obj("{'metadata':{'generateName':'web-'},'spec':{}}"));
        ObjectStore again = new ObjectStore("cluster1", new ResourceRegistry(), Instant::now, 42);
        again.create(ns, "", obj("{'metadata':{'name':'demo'}}"));
        ObjectNode q = again.create(pods, "demo", obj("{'metadata':{'generateName':'web-'},'spec':{}}"));
        assertThat(Objects.name(p)).matches("web-[bcdfghjklmnpqrstvwxz2456789]{5}").isEqualTo(Objects.name(q));
    }

    @Test
    void deletingWhatANamespaceTookAlongAnswersAsARealClusterWould() {
        store.create(ns, "", obj("{'metadata':{'name':'demo'}}"));
        pod("a", "web");
        store.delete(ns, "", "demo", null, null);
        assertThat(Objects.name(store.delete(pods, "demo", "a", null, null))).isEqualTo("a");
        assertThatThrownBy(() -> store.delete(pods, "demo", "a", null, null))
                .extracting(e -> ((StoreException) e).code()).isEqualTo(404);
    }
}
