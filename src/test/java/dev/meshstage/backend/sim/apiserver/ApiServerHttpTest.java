package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.support.ClassVertx;
import dev.meshstage.backend.sim.PodLogSource;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceRegistry;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Wire-level behaviour: Status bodies, chunked watch with bookmarks, timeout and 410, log errors. */
class ApiServerHttpTest {

    @RegisterExtension
    static final ClassVertx VERTX = new ClassVertx();

    @TempDir
    Path dir;

    private static HttpClient http() throws Exception {
        return HttpClient.newBuilder().sslContext(ApiServerFixture.trustingCa()).version(HttpClient.Version.HTTP_1_1).build();
    }

    private static HttpResponse<String> get(ApiServerFixture c, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(c.server.url() + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void statusBodiesAndHealth() throws Exception {
        try (ApiServerFixture c = new ApiServerFixture(VERTX.get(), dir, "h", 0, PodLogSource.NONE)) {
            assertThat(get(c, "/healthz", null).body()).isEqualTo("ok");
            HttpResponse<String> unauth = get(c, "/api/v1/namespaces", "nope");
            assertThat(unauth.statusCode()).isEqualTo(401);
            assertThat(unauth.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                    + "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}");
            assertThat(get(c, "/api/v1/namespaces", null).statusCode()).isEqualTo(401);
            HttpResponse<String> unknown = get(c, "/apis/nope.example.com/v1/things", ApiServerFixture.TOKEN);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("\"message\":\"the server could not find the requested resource\"");
            assertThat(unknown.headers().firstValue("Content-Type")).contains("application/json");
            HttpResponse<String> missing = get(c, "/apis/apps/v1/namespaces/default/deployments/x", ApiServerFixture.TOKEN);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.body()).contains("\"message\":\"deployments.apps \\\"x\\\" not found\"",
                    "\"details\":{\"name\":\"x\",\"group\":\"apps\",\"kind\":\"deployments\"}");
            assertThat(get(c, "/apis/apps/v1", ApiServerFixture.TOKEN).body()).contains("\"name\":\"deployments/scale\"", "\"group\":\"autoscaling\"");
            assertThat(get(c, "/api/v1", ApiServerFixture.TOKEN).body()).contains("\"name\":\"pods/log\"", "\"name\":\"serviceaccounts/token\"");

            c.store.create(c.type("v1", "Pod"), "default", ApiServerFixture.obj("{'metadata':{'name':'two'},'spec':{'containers':"
                    + "[{'name':'a','image':'x'},{'name':'b','image':'y'}]}}"));
            HttpResponse<String> log = get(c, "/api/v1/namespaces/default/pods/two/log", ApiServerFixture.TOKEN);
            assertThat(log.statusCode()).isEqualTo(400);
            assertThat(log.body()).contains("a container name must be specified for pod two, choose one of: [a b]");
        }
    }

    @Test
    void http2ByAlpnForAClientThatAsksElseHttp11() throws Exception {
        try (ApiServerFixture c = new ApiServerFixture(VERTX.get(), dir, "h", 0, PodLogSource.NONE)) {
            HttpRequest version = HttpRequest.newBuilder(URI.create(c.server.url() + "/version")).build();
            HttpClient h2 = HttpClient.newBuilder().sslContext(ApiServerFixture.trustingCa()).version(HttpClient.Version.HTTP_2).build();
            HttpResponse<String> over2 = h2.send(version, HttpResponse.BodyHandlers.ofString());
            assertThat(over2.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(over2.body()).contains("\"gitVersion\"");
            assertThat(http().send(version, HttpResponse.BodyHandlers.ofString()).version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        }
    }

    @Test
    void chunkedWatchDeliversEventsBookmarksAndEndsAtTimeout() throws Exception {
        try (ApiServerFixture c = new ApiServerFixture(VERTX.get(), dir, "h", 0, PodLogSource.NONE)) {
            c.server.bookmarkInterval(Duration.ofMillis(200));
            long rv = c.store.resourceVersion();
            VERTX.get().setTimer(300, id -> c.store.create(c.type("v1", "ConfigMap"), "default", ApiServerFixture.obj("{'metadata':{'name':'cm'}}")));
            long start = System.nanoTime();
            HttpResponse<String> w = get(c, "/api/v1/namespaces/default/configmaps?watch=true&allowWatchBookmarks=true&timeoutSeconds=1&resourceVersion=" + rv,
                    ApiServerFixture.TOKEN);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(5));
            assertThat(w.headers().firstValue("Transfer-Encoding")).contains("chunked");
            List<String> lines = w.body().lines().toList();
            assertThat(lines).filteredOn(l -> !l.contains("BOOKMARK")).singleElement().asString()
                    .startsWith("{\"type\":\"ADDED\",\"object\":{").contains("\"name\":\"cm\"");
            assertThat(lines).anyMatch(l -> l.startsWith("{\"type\":\"BOOKMARK\"") && l.contains("\"resourceVersion\":\"" + (rv + 1) + "\""));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> c.server.openWatches() == 0); // closed after the last chunk
        }
    }

    @Test
    void watchFromBeforeARestoredSnapshotGetsAn410ErrorEvent() throws Exception {
        ObjectStore old = ApiServerFixture.newStore("h");
        for (int i = 0; i < 5; i++) {
            old.create(old.registry().require("v1", "ConfigMap"), "default", ApiServerFixture.obj("{'metadata':{'name':'cm" + i + "'}}"));
        }
        ObjectStore restored = new ObjectStore("h", new ResourceRegistry(), Instant::now, 7);
        restored.restore(old.snapshot());
        try (ApiServerFixture c = new ApiServerFixture(VERTX.get(), dir, "h", 0, PodLogSource.NONE, restored)) {
            HttpResponse<String> w = get(c, "/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=3", ApiServerFixture.TOKEN);
            assertThat(w.statusCode()).isEqualTo(200);
            assertThat(w.body().trim()).startsWith("{\"type\":\"ERROR\",\"object\":{\"kind\":\"Status\"")
                    .contains("\"reason\":\"Expired\"", "\"code\":410", "too old resource version: 3 (7)");
        }
    }

    @Test
    void aWatcherThatReadsSlowlyThroughABurstIsNotCutOff() throws Exception {
        try (ApiServerFixture c = new ApiServerFixture(VERTX.get(), dir, "h", 0, PodLogSource.NONE)) {
            long rv = c.store.resourceVersion();
            HttpRequest req = HttpRequest.newBuilder(URI.create(c.server.url()
                    + "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=60&resourceVersion=" + rv))
                    .header("Authorization", "Bearer " + ApiServerFixture.TOKEN).build();
            HttpResponse<java.io.InputStream> w = http().send(req, HttpResponse.BodyHandlers.ofInputStream());
            int burst = 2_000;
            String big = "x".repeat(4_000);
            for (int i = 0; i < burst; i++) { // ~8 MB of events: far more than the socket buffers hold while nobody reads
                c.store.create(c.type("v1", "ConfigMap"), "default",
                        ApiServerFixture.obj("{'metadata':{'name':'cm" + i + "'},'data':{'v':'" + big + "'}}"));
            }
            Thread.sleep(500);
            int added = 0;
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(w.body(), java.nio.charset.StandardCharsets.UTF_8))) {
                String line;
                while (added < burst && (line = lines.readLine()) != null) {
                    assertThat(line).startsWith("{\"type\":\"ADDED\"");
                    added++;
                    if (added % 100 == 0) {
                        Thread.sleep(20); // a client that parses slowly
                    }
                }
            }
            assertThat(added).isEqualTo(burst);
        }
    }
}
