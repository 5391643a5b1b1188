package dev.meshstage.bench;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import dev.meshstage.command.EmbeddedShell;
import dev.meshstage.dashboard.DashboardScreen;
import dev.meshstage.dashboard.DashboardState;
import dev.meshstage.dashboard.KeyedTerminal;
import dev.meshstage.mesh.source.LiveSource;
import dev.meshstage.session.MeshModels;
import dev.meshstage.session.Session;
import dev.meshstage.support.Kubectls;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * API change → the dashboard's frame showing it, on Lanterna's virtual terminal (120×40) over the live model of two
 * clusters with 2,000+ pods each, while a churn of pod writes runs in both clusters (more changes than the sim's watch
 * history before the first probe). Yardstick in the same run: a {@code kubectl get pods -w} process on the same
 * cluster, timed to the line naming the same pod. Each probe pod is created in namespace {@code aaa} (first on screen).
 */
final class DashboardBenchmark {

    private static final int WARM_UP = 5;
    private static final int PROBES = 25;

    private DashboardBenchmark() {
    }

    static void run(EmbeddedShell shell, Path home) throws Exception {
        KubernetesClient c1 = shell.bean(Session.class).client("cluster1");
        c1.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("aaa").endMetadata().build()).serverSideApply();
        Churn churn = new Churn(List.of(c1, shell.bean(Session.class).client("cluster2")));
        Process kubectl = null;
        try (LiveSource live = shell.bean(MeshModels.class).live(List.of())) {
            long t0 = System.nanoTime();
            DashboardState state = new DashboardState(List.of("cluster1", "cluster2"));
            state.update(live.start(120_000));
            System.out.printf("live model of 2 clusters (%d pods): first model in %d ms%n",
                    live.model().clusters().stream().mapToInt(f -> f.pods().size()).sum(), Benchmarks.ms(t0));
            KeyedTerminal terminal = new KeyedTerminal(new TerminalSize(120, 40));
            DashboardScreen screen = new DashboardScreen(terminal, state, java.time.Clock.systemUTC(), true, (c, n, p) -> null);
            live.addListener(screen.listener());
            Thread loop = new Thread(screen::run, "dashboard-bench");
            loop.start();

            Map<String, Long> kubectlSaw = new ConcurrentHashMap<>();
            kubectl = watchWithKubectl(home, kubectlSaw);

            churn.start();
            long before = System.nanoTime();
            while (churn.writes.get() < 1_200) { // a burst larger than the watch history (1,000 changes) first
                Thread.sleep(50);
            }
            System.out.printf("churn before the first probe: %d pod writes in %d ms%n", churn.writes.get(), Benchmarks.ms(before));

            List<Long> frame = new ArrayList<>();
            List<Long> watch = new ArrayList<>();
            long churnAtStart = churn.writes.get();
            long measured = System.nanoTime();
            for (int i = 0; i < WARM_UP + PROBES; i++) {
                String name = "probe-" + i;
                long t = System.nanoTime();
                c1.pods().inNamespace("aaa").resource(new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                        .addNewContainer().withName("c").withImage("nginx:alpine").endContainer().endSpec().build()).create();
                long drawn = awaitTrue(() -> terminal.text().contains(name), name + " on the dashboard");
                long listed = awaitTrue(() -> kubectlSaw.containsKey("pod/" + name), name + " in kubectl's watch");
                if (i >= WARM_UP) {
                    frame.add((drawn - t) / 1_000_000);
                    watch.add((kubectlSaw.get("pod/" + name) - t) / 1_000_000);
                }
                c1.pods().inNamespace("aaa").withName(name).withGracePeriod(0).delete();
                awaitTrue(() -> !terminal.text().contains(name + " "), name + " gone from the dashboard");
            }
            double seconds = (System.nanoTime() - measured) / 1e9;
            terminal.addInput(new KeyStroke('q', false, false));
            loop.join(5_000);
            System.out.printf("churn while measuring: %.0f pod writes/s; live-model rebuilds %d; frames drawn %d%n",
                    (churn.writes.get() - churnAtStart) / seconds, live.rebuilds(), screen.frames());
            System.out.printf("API change -> dashboard frame showing it (2,000+ pods per cluster, 120x40, under churn), %d probes: "
                    + "median %d ms (min %d, max %d)%n", frame.size(), median(frame), Collections.min(frame), Collections.max(frame));
            System.out.printf("yardstick, same run: API change -> 'kubectl get pods -w' line: median %d ms (min %d, max %d); "
                    + "dashboard / kubectl %.2f%n", median(watch), Collections.min(watch), Collections.max(watch),
                    (double) median(frame) / Math.max(1, median(watch)));
        } finally {
            churn.stop();
            if (kubectl != null) {
                kubectl.destroy();
                kubectl.waitFor();
            }
        }
    }

    /** The newest kubectl watching namespace aaa; each pod name's first line is when kubectl printed it. */
    private static Process watchWithKubectl(Path home, Map<String, Long> saw) throws Exception {
        List<String> kubectls = Kubectls.oldestAndNewest();
        if (kubectls.isEmpty()) {
            throw new IllegalStateException("no kubectl found for the yardstick");
        }
        Path cache = Files.createTempDirectory("kubectl-cache");
        Process p = new ProcessBuilder(kubectls.get(kubectls.size() - 1), "--kubeconfig", home.resolve("kubeconfig").toString(),
                "--cache-dir", cache.toString(), "--context", "kind-cluster1", "get", "pods", "-n", "aaa", "-w", "--watch-only", "-o", "name")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    saw.putIfAbsent(line.trim(), System.nanoTime());
                }
            } catch (Exception e) {
                // the process was stopped
            }
        }, "kubectl-watch-reader");
        reader.setDaemon(true);
        reader.start();
        Thread.sleep(2_000); // kubectl's discovery and its watch are up
        return p;
    }

    private interface Condition {
        boolean holds();
    }

    private static long awaitTrue(Condition c, String what) throws InterruptedException {
        long start = System.nanoTime();
        while (!c.holds()) {
            Thread.sleep(1);
            if (Benchmarks.ms(start) > 30_000) {
                throw new IllegalStateException(what + ": not after 30 s");
            }
        }
        return System.nanoTime();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Pod writes as fast as one client per cluster goes: an annotation on the Deployments' pods, round robin. */
    private static final class Churn {
        final List<KubernetesClient> clients;
        final AtomicLong writes = new AtomicLong();
        final AtomicBoolean running = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();

        Churn(List<KubernetesClient> clients) {
            this.clients = clients;
        }

        void start() {
            running.set(true);
            for (KubernetesClient c : clients) {
                List<String> names = c.pods().inNamespace("scale").list().getItems().stream().map(p -> p.getMetadata().getName()).toList();
                Thread t = new Thread(() -> {
                    for (long n = 0; running.get(); n++) {
                        String name = names.get((int) (n % names.size()));
                        try {
                            c.pods().inNamespace("scale").withName(name).edit((Pod p) -> new PodBuilder(p).editMetadata()
                                    .addToAnnotations("bench/churn", Long.toString(System.nanoTime())).endMetadata().build());
                            writes.incrementAndGet();
                        } catch (RuntimeException e) {
                            // a pod the ReplicaSet replaced meanwhile: the next one
                        }
                    }
                }, "churn");
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join(10_000);
            }
        }
    }
}
