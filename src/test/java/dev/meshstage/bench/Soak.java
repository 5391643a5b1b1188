package dev.meshstage.bench;

import dev.meshstage.backend.sim.SimBackend;
import dev.meshstage.backend.sim.SimCluster;
import dev.meshstage.command.EmbeddedShell;
import dev.meshstage.session.Session;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Soak: simulated minutes of steady change (a ConfigMap rewritten, pods created and deleted, a Deployment
 * scaled up and down) while watches open and close around it, 10 s of virtual time per step. Reports
 * stalls (a request slower than 2 s, a watch that never sees its first event), heap after GC along the
 * way, and watches left open at the end. {@code SoakIT} runs a short version in CI.
 */
public final class Soak {

    public record Result(int steps, int stalls, long slowestMs, double heapStartMiB, double heapEndMiB, int watchesLeftOpen) {
    }

    public static void main(String[] args) throws Exception {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Result r = run(minutes, true);
        System.out.println(r);
        if (r.stalls() > 0 || r.watchesLeftOpen() > 0) {
            System.exit(1);
        }
    }

    public static Result run(int simulatedMinutes, boolean print) throws Exception {
        Path home = Files.createTempDirectory("meshstage-soak");
        try (EmbeddedShell shell = EmbeddedShell.start("sim", Path.of("").toAbsolutePath(), home)) {
            if (!shell.run("cluster create cluster1").ok()) {
                throw new IllegalStateException("cluster create failed");
            }
            Session session = shell.bean(Session.class);
            SimCluster cluster = ((SimBackend) session.backend()).cluster("cluster1");
            KubernetesClient c = session.client("cluster1");
            c.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("soak").endMetadata().build()).create();
            c.apps().deployments().inNamespace("soak").resource(new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
                    .withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "web").endSelector()
                    .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec()
                    .addNewContainer().withName("c").withImage("nginx:alpine").endContainer().endSpec().endTemplate()
                    .endSpec().build()).create();
            int steps = simulatedMinutes * 6;
            int stalls = 0;
            long slowest = 0;
            double heapStart = 0;
            for (int step = 0; step < steps; step++) {
                List<CountDownLatch> seen = new ArrayList<>();
                List<Watch> watches = new ArrayList<>();
                for (int w = 0; w < 3; w++) {
                    CountDownLatch first = new CountDownLatch(1);
                    seen.add(first);
                    Watcher<Object> watcher = new Watcher<>() {
                        @Override
                        public void eventReceived(Action action, Object resource) {
                            first.countDown();
                        }

                        @Override
                        public void onClose(WatcherException cause) {
                        }
                    };
                    watches.add(switch (w) {
                        case 0 -> c.pods().inNamespace("soak").watch(cast(watcher));
                        case 1 -> c.configMaps().inNamespace("soak").watch(cast(watcher));
                        default -> c.apps().deployments().inNamespace("soak").watch(cast(watcher));
                    });
                }
                long t = System.nanoTime();
                c.configMaps().inNamespace("soak").resource(new ConfigMapBuilder().withNewMetadata().withName("counter").endMetadata()
                        .addToData("step", Integer.toString(step)).build()).serverSideApply();
                c.pods().inNamespace("soak").resource(new PodBuilder().withNewMetadata().withName("p-" + step).endMetadata()
                        .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build()).create();
                if (step > 2) {
                    c.pods().inNamespace("soak").withName("p-" + (step - 3)).delete();
                }
                c.apps().deployments().inNamespace("soak").withName("web").scale(1 + step % 5);
                long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t);
                slowest = Math.max(slowest, took);
                if (took > 2000) {
                    stalls++;
                }
                for (CountDownLatch l : seen) {
                    if (!l.await(5, TimeUnit.SECONDS)) {
                        stalls++;
                    }
                }
                watches.forEach(Watch::close);
                cluster.runtime().advance(Duration.ofSeconds(10));
                if (step == steps / 10) {
                    heapStart = heap();
                }
                if (print && step % 30 == 0) {
                    System.out.printf("step %d/%d (%d simulated min): slowest %d ms, heap %.1f MiB%n", step, steps,
                            step / 6, slowest, heap());
                }
            }
            Thread.sleep(500); // closing is asynchronous on the server side
            double heapEnd = heap();
            return new Result(steps, stalls, slowest, heapStart, heapEnd, cluster.apiServer().openWatches());
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> Watcher<T> cast(Watcher watcher) {
        return watcher;
    }

    static double heap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        return (r.totalMemory() - r.freeMemory()) / 1048576.0;
    }
}
