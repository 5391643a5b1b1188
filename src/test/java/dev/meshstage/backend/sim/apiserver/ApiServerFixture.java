package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.backend.sim.PodLogSource;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.pki.ClusterCertificates;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vertx.core.Vertx;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;

/** Test fixture: a store with {@code default} and {@code kube-system}, an ApiServer on it, a kubeconfig. */
final class ApiServerFixture implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String TOKEN = "admin-token-for-tests";
    private static ClusterCertificates sharedCerts;

    final Vertx vertx;
    final ObjectStore store;
    final ApiServer server;
    final Path kubeconfig;
    final Path dir;

    ApiServerFixture(Vertx vertx, Path dir, String name, int port, PodLogSource logs) throws Exception {
        this(vertx, dir, name, port, logs, newStore(name));
    }

    ApiServerFixture(Vertx vertx, Path dir, String name, int port, PodLogSource logs, ObjectStore store) throws Exception {
        this.vertx = vertx;
        this.dir = dir;
        this.store = store;
        this.server = new ApiServer(vertx, store, certs(), TOKEN, port).podLogs(logs).start();
        this.kubeconfig = dir.resolve("kubeconfig-" + name);
        SimKubeconfig.write(kubeconfig, server);
    }

    static synchronized ClusterCertificates certs() {
        if (sharedCerts == null) {
            sharedCerts = ClusterCertificates.generate("test");
        }
        return sharedCerts;
    }

    static ObjectStore newStore(String name) {
        ObjectStore store = new ObjectStore(name, new ResourceRegistry(), Instant::now, 7);
        ResourceType ns = store.registry().require("v1", "Namespace");
        store.create(ns, "", obj("{'metadata':{'name':'default'}}"));
        store.create(ns, "", obj("{'metadata':{'name':'kube-system'}}"));
        return store;
    }

    static ObjectNode obj(String json) {
        return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
    }

    ResourceType type(String apiVersion, String kind) {
        return store.registry().require(apiVersion, kind);
    }

    /** A TLS context that trusts the fixture's cluster CA, as a kubeconfig's certificate-authority-data does. */
    static SSLContext trustingCa() throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("ca", certs().caCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    KubernetesClient client() throws Exception {
        Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @Override
    public void close() {
        server.stop();
    }
}
