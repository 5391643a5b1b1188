package dev.meshstage.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.core.file.FileSystemOptions;

/**
 * Every fabric8 client of this process, on one Vert.x and one serialization. A client built by fabric8's
 * defaults starts a Vert.x of its own (event loops, blocking pools, a blocked-thread checker) and a Jackson mapper
 * whose deserializer caches fill up again with the same model classes: in the background server, with a client
 * per cluster for the session and another for the sim's backend, that was 5 Vert.x instances and 12 MiB of
 * duplicate caches. A client closed here leaves the shared Vert.x running (fabric8 closes only one it made).
 */
public final class KubeClients {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static volatile Vertx5HttpClientFactory factory;

    private KubeClients() {
    }

    /** A client of {@code config}'s cluster; the caller closes it. */
    public static KubernetesClient build(Config config) {
        // watches as streamed responses, as client-go makes them: on HTTP/2 they share the client's one connection
        // (fabric8's default, a WebSocket, is an HTTP/1.1 connection of its own for each watch)
        config.setOnlyHttpWatches(true);
        return new KubernetesClientBuilder().withConfig(config)
                .withHttpClientFactory(factory())
                .withKubernetesSerialization(SERIALIZATION)
                .build();
    }

    private static Vertx5HttpClientFactory factory() {
        Vertx5HttpClientFactory f = factory;
        if (f == null) {
            synchronized (KubeClients.class) {
                f = factory;
                if (f == null) {
                    f = new Http2ClientFactory(newVertx());
                    factory = f;
                }
            }
        }
        return f;
    }

    /**
     * fabric8's Vert.x clients, asking for HTTP/2 by ALPN as client-go does: every request and watch of a client then
     * shares one connection per API server, where HTTP/1.1 opened one per concurrent request and one per open watch
     * (48 connections over the workshop, a TLS handshake on each end of each, both ends in the background server).
     * A server that answers without h2 gets HTTP/1.1 as before.
     */
    private static final class Http2ClientFactory extends Vertx5HttpClientFactory {

        Http2ClientFactory(Vertx vertx) {
            super(vertx);
        }

        @Override
        protected void additionalConfig(WebClientOptions options, WebSocketClientOptions webSocketOptions, PoolOptions pool) {
            options.setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true);
            // one connection per server, as client-go keeps: fabric8's pool would open one for each request made
            // before the first connection's settings arrived (a status reads a dozen kinds at once); 100 streams
            // (the server's limit) is far above the watches of a dashboard
            pool.setHttp2MaxSize(1);
        }
    }

    /**
     * As fabric8 makes its own (daemon threads, no file cache or class-path resolving, host names resolved by the
     * JDK — so {@code -Djdk.net.hosts.file} holds), with an event loop per core and 4 threads for its internal
     * blocking work (those names resolved, TLS handshakes' delegated tasks): a laptop's few connections need no more.
     */
    private static Vertx newVertx() {
        String property = "vertx.disableDnsResolver";
        String before = System.getProperty(property);
        System.setProperty(property, "true");
        try {
            return Vertx.vertx(new VertxOptions()
                    .setEventLoopPoolSize(Math.max(2, Runtime.getRuntime().availableProcessors()))
                    .setInternalBlockingPoolSize(4)
                    .setUseDaemonThread(true)
                    .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false).setClassPathResolvingEnabled(false)));
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
    }
}
