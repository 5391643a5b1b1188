package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.support.ClassVertx;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.support.Kubectls;
import dev.meshstage.support.Kubectls.Result;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real kubectl (the oldest and newest found) against an ApiServer with an empty store plus {@code default} and
 * {@code kube-system}. Skipped when no kubectl binary exists.
 */
class KubectlInteropTest {

    @RegisterExtension
    static final ClassVertx VERTX = new ClassVertx();

    static List<String> kubectls() {
        return Kubectls.parameters();
    }

    /** One kubectl binary with its kubeconfig and its own discovery cache. */
    private record Kubectl(String bin, Path kubeconfig, Path cache) {
        List<String> command(String... args) {
            return Kubectls.command(bin, kubeconfig, cache, args);
        }

        Result run(String... args) throws Exception {
            return Kubectls.run(bin, kubeconfig, cache, args);
        }
    }

    private static final String DEMO = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: demo
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: demo
              labels: {app: web}
            spec:
              replicas: 2
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
                    ports:
                    - containerPort: 80
                    env:
                    - name: MODE
                      value: one
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: demo
            spec:
              selector: {app: web}
              ports:
              - port: 80
                targetPort: 80
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: web-config
              namespace: demo
            data:
              k: v
            """;

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubectls")
    void kubectlWorksAgainstTheSimulatedServer(String bin, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Assumptions.assumeFalse(bin.isEmpty(), "no kubectl binary found (looked for /usr/lib/google-cloud-sdk/bin/kubectl.1.* and kubectl on PATH)");
        try (ApiServerFixture c = new ApiServerFixture(VERTX.get(), dir, "kctl", 0,
                (ns, pod, container, previous, ts) -> List.of("hello from " + pod + "/" + container, "second line", "third line"))) {
            Kubectl k = new Kubectl(bin, c.kubeconfig, dir.resolve("cache"));

            assertThat(k.run("version").ok().out()).containsPattern("Server Version: .*v1\\.34\\.3");
            String resources = k.run("api-resources").ok().out();
            assertThat(resources).contains("deployments", "deploy", "apps/v1", "Deployment").contains("pods", "po");
            assertThat(k.run("get", "ns").ok().out()).contains("default", "kube-system").containsPattern("NAME\\s+STATUS\\s+AGE");

            Path demo = dir.resolve("demo.yaml");
            Files.writeString(demo, DEMO);
            String applied = k.run("apply", "-f", demo.toString()).ok().out();
            assertThat(applied).contains("namespace/demo created", "deployment.apps/web created", "service/web created",
                    "configmap/web-config created");

            Path demo2 = dir.resolve("demo2.yaml");
            Files.writeString(demo2, DEMO.replace("nginx:1.27", "nginx:1.28")
                    .replace("          value: one\n", "          value: one\n        - name: EXTRA\n          value: two\n"));
            assertThat(Files.readString(demo2)).contains("EXTRA");
            assertThat(k.run("apply", "-f", demo2.toString()).ok().out()).contains("deployment.apps/web configured", "service/web unchanged");
            assertThat(k.run("get", "deploy", "web", "-n", "demo", "-o",
                    "jsonpath={.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].env[*].name}").ok().out())
                    .isEqualTo("nginx:1.28 MODE EXTRA");
            assertThat(k.run("apply", "--server-side", "-f", demo2.toString()).ok().out()).contains("deployment.apps/web serverside-applied");

            String tables = k.run("get", "deploy,svc,cm", "-n", "demo").ok().out();
            assertThat(tables).containsPattern("NAME\\s+READY\\s+UP-TO-DATE\\s+AVAILABLE\\s+AGE")
                    .containsPattern("deployment.apps/web\\s+0/2")
                    .containsPattern("NAME\\s+TYPE\\s+CLUSTER-IP\\s+EXTERNAL-IP\\s+PORT\\(S\\)\\s+AGE")
                    .containsPattern("service/web\\s+ClusterIP")
                    .containsPattern("NAME\\s+DATA\\s+AGE").containsPattern("configmap/web-config\\s+1");

            ResourceType pods = c.type("v1", "Pod");
            for (String[] p : new String[][] {{"pa", "a"}, {"pb", "b"}, {"pc", "c"}}) {
                c.store.create(pods, "demo", ApiServerFixture.obj("{'metadata':{'name':'" + p[0] + "','labels':{'app':'" + p[1] + "'}},"
                        + "'spec':{'nodeName':'kctl-control-plane','containers':[{'name':'main','image':'nginx'},{'name':'side','image':'busybox'}]}}"));
            }
            assertThat(k.run("get", "pods", "-n", "demo", "-o", "wide").ok().out())
                    .containsPattern("NAME\\s+READY\\s+STATUS\\s+RESTARTS\\s+AGE\\s+IP\\s+NODE\\s+NOMINATED NODE\\s+READINESS GATES")
                    .containsPattern("pa\\s+0/2\\s+Pending\\s+0\\s+\\S+\\s+<none>\\s+kctl-control-plane");
            assertThat(k.run("get", "pod", "pa", "-n", "demo", "-o", "yaml").ok().out()).contains("kind: Pod", "name: pa", "uid:");
            assertThat(k.run("get", "pods", "-n", "demo", "-o", "jsonpath={.items[*].metadata.name}").ok().out()).isEqualTo("pa pb pc");
            assertThat(k.run("get", "pods", "-n", "demo", "-l", "app in (a,b)", "-o", "name").ok().out().lines().toList())
                    .containsExactly("pod/pa", "pod/pb");

            assertThat(k.run("patch", "cm", "web-config", "-n", "demo", "-p", "{\"data\":{\"k\":\"v2\"}}").ok().out()).contains("patched");
            assertThat(k.run("patch", "cm", "web-config", "-n", "demo", "--type", "merge", "-p", "{\"data\":{\"x\":\"y\"}}").ok().out())
                    .contains("patched");
            assertThat(k.run("get", "cm", "web-config", "-n", "demo", "-o", "jsonpath={.data.k}{.data.x}").ok().out()).isEqualTo("v2y");
            assertThat(k.run("label", "cm", "web-config", "-n", "demo", "tier=front").ok().out()).contains("labeled");
            assertThat(k.run("get", "cm", "-n", "demo", "-l", "tier=front", "-o", "name").ok().out().trim()).isEqualTo("configmap/web-config");
            assertThat(k.run("scale", "deploy/web", "-n", "demo", "--replicas=3").ok().out()).contains("deployment.apps/web scaled");
            assertThat(k.run("get", "deploy", "web", "-n", "demo", "-o", "jsonpath={.spec.replicas}").ok().out()).isEqualTo("3");

            assertThat(k.run("logs", "pa", "-n", "demo", "-c", "side").ok().out()).isEqualTo("hello from pa/side\nsecond line\nthird line\n");
            assertThat(k.run("logs", "pa", "-n", "demo", "-c", "main", "--tail=1").ok().out()).isEqualTo("third line\n");
            String describe = k.run("describe", "pod", "pa", "-n", "demo").ok().out();
            assertThat(describe).contains("Name:", "pa", "Namespace:", "demo", "Containers:", "main:", "side:");

            // get -w sees a change made while it runs
            Process watch = new ProcessBuilder(k.command("get", "pods", "-n", "demo", "-w")).redirectErrorStream(true).start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // process ended
                }
            });
            reader.setDaemon(true);
            reader.start();
            try {
                List<String> got = new ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (got.stream().noneMatch(l -> l.startsWith("pc")) && System.nanoTime() < deadline) {
                    String l = lines.poll(1, TimeUnit.SECONDS);
                    if (l != null) {
                        got.add(l);
                    }
                }
                assertThat(got).as("initial listing").anyMatch(l -> l.matches("NAME\\s+READY\\s+STATUS.*"));
                c.store.create(pods, "demo", ApiServerFixture.obj("{'metadata':{'name':'pd','labels':{'app':'d'}},"
                        + "'spec':{'containers':[{'name':'main','image':'nginx'}]}}"));
                String seen = null;
                while (seen == null && System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(10)) {
                    String l = lines.poll(1, TimeUnit.SECONDS);
                    if (l != null && l.startsWith("pd ")) {
                        seen = l;
                    }
                }
                assertThat(seen).as("watch line for pd; got %s", got).isNotNull().containsPattern("pd\\s+0/1\\s+Pending");
            } finally {
                watch.destroy();
                watch.waitFor(10, TimeUnit.SECONDS);
            }
            assertThat(k.run("get", "ns", "demo").ok().out()).contains("demo"); // the server still answers

            assertThat(k.run("delete", "cm", "web-config", "-n", "demo").ok().out()).contains("configmap \"web-config\" deleted");
            Result gone = k.run("get", "cm", "web-config", "-n", "demo");
            assertThat(gone.exit()).isNotZero();
            assertThat(gone.err()).contains("Error from server (NotFound): configmaps \"web-config\" not found");

            Path bad = dir.resolve("bad-kubeconfig");
            Files.writeString(bad, Files.readString(c.kubeconfig).replace(ApiServerFixture.TOKEN, "not-the-token"));
            Result refused = new Kubectl(bin, bad, dir.resolve("cache")).run("get", "ns");
            assertThat(refused.exit()).isNotZero();
            assertThat(refused.err()).contains("error: You must be logged in to the server (Unauthorized)");
            Result refusedNoCache = new Kubectl(bin, bad, dir.resolve("cache-fresh")).run("get", "ns");
            assertThat(refusedNoCache.err()).containsPattern(Pattern.quote("error: You must be logged in to the server (")
                    + "(Unauthorized|the server has asked for the client to provide credentials)\\)");
        }
    }

    @SuppressWarnings("unused")
    private static String first(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? m.group() : null;
    }
}
