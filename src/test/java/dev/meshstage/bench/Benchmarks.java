package dev.meshstage.bench;

import dev.meshstage.command.EmbeddedShell;
import dev.meshstage.session.Session;
import dev.meshstage.support.Kubectls;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Benchmarks outside the default test run (see BENCHMARKS.md for the commands and recorded results).
 * {@code api}: 2,000 pods in one simulated cluster through fabric8 — create, full list, selector list,
 * informer sync, heap. {@code status}: {@code status} over 2,000 pods per cluster against two
 * {@code kubectl get pods -A} calls on the same servers.
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        String which = args.length == 0 ? "all" : args[0];
        Path home = Files.createTempDirectory("meshstage-bench");
        try (EmbeddedShell shell = EmbeddedShell.start("sim", Path.of("").toAbsolutePath(), home)) {
            long t0 = System.nanoTime();
            check(shell.run("cluster create --all"));
            System.out.printf("cluster create --all (embedded, both clusters): %d ms%n", ms(t0));
            if (which.equals("api") || which.equals("all")) {
                api(shell.bean(Session.class).client("cluster1"));
            }
            if (which.equals("status") || which.equals("all")) {
                status(shell, home);
            }
            if (which.equals("dashboard") || which.equals("all")) {
                if (!which.equals("all")) {
                    scale(shell);
                }
                DashboardBenchmark.run(shell, home);
            }
        }
    }

    static void api(KubernetesClient c) throws Exception {
        c.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("load").endMetadata().build()).create();
        heap("before 2000 pods");
        long t0 = System.nanoTime();
        for (int i = 0; i < 2000; i++) {
            c.pods().inNamespace("load").resource(new PodBuilder().withNewMetadata().withName("p-" + i)
                    .addToLabels("app", "app-" + (i % 20)).addToLabels("n", Integer.toString(i)).endMetadata()
                    .withNewSpec().addNewContainer().withName("c").withImage("nginx:alpine").endContainer().endSpec().build()).create();
        }
        long create = ms(t0);
        System.out.printf("create 2000 pods, sequential (each scheduled and started by the sim): %d ms (%.2f ms/pod)%n",
                create, create / 2000.0);
        System.out.printf("full list of 2000+ pods, median of 7: %d ms%n", median(7, () -> c.pods().inAnyNamespace().list()));
        System.out.printf("label-selector list app=app-3 (100 pods), median of 7: %d ms%n",
                median(7, () -> c.pods().inNamespace("load").withLabel("app", "app-3").list()));
        System.out.printf("set-based selector list app in (app-3,app-4) (200 pods), median of 7: %d ms%n",
                median(7, () -> c.pods().inNamespace("load").withLabelIn("app", "app-3", "app-4").list()));
        long t1 = System.nanoTime();
        CountDownLatch synced = new CountDownLatch(1);
        SharedIndexInformer<Pod> informer = c.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod obj) {
            }

            @Override
            public void onUpdate(Pod oldObj, Pod newObj) {
            }

            @Override
            public void onDelete(Pod obj, boolean deletedFinalStateUnknown) {
            }
        });
        informer.hasSynced();
        while (!informer.hasSynced()) {
            Thread.sleep(1);
        }
        synced.countDown();
        System.out.printf("informer start + sync over %d pods: %d ms%n", informer.getStore().list().size(), ms(t1));
        informer.close();
        heap("with 2000 pods stored");
    }

    static void status(EmbeddedShell shell, Path home) throws Exception {
        scale(shell);
        statusTimes(shell, home);
    }

    /** 20 Deployments × 100 replicas in each cluster: 2,000+ pods per cluster. */
    static void scale(EmbeddedShell shell) {
        for (String cluster : List.of("cluster1", "cluster2")) {
            KubernetesClient c = shell.bean(Session.class).client(cluster);
            c.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("scale").endMetadata().build()).serverSideApply();
            for (int d = 0; d < 20; d++) {
                c.apps().deployments().inNamespace("scale").resource(new DeploymentBuilder().withNewMetadata().withName("d" + d)
                        .endMetadata().withNewSpec().withReplicas(100).withNewSelector().addToMatchLabels("app", "d" + d).endSelector()
                        .withNewTemplate().withNewMetadata().addToLabels("app", "d" + d).endMetadata().withNewSpec()
                        .addNewContainer().withName("c").withImage("nginx:alpine").endContainer().endSpec().endTemplate()
                        .endSpec().build()).create();
            }
            System.out.printf("%s: %d pods%n", cluster, c.pods().inAnyNamespace().list().getItems().size());
        }
    }

    static void statusTimes(EmbeddedShell shell, Path home) throws Exception {
        for (int i = 0; i < 10; i++) {
            shell.run("status"); // warm-up: the JIT compiles the read path
        }
        long status = median(15, () -> check(shell.run("status")));
        System.out.printf("status over 2 clusters (2000+ pods each), median of 15 after 10 warm-up runs: %d ms%n", status);
        List<String> kubectls = Kubectls.oldestAndNewest();
        if (kubectls.isEmpty()) {
            System.out.println("no kubectl found: skipping the comparison");
            return;
        }
        String kubectl = kubectls.get(kubectls.size() - 1);
        Path kubeconfig = home.resolve("kubeconfig");
        Path cache = Files.createTempDirectory("kubectl-cache");
        Kubectls.run(kubectl, kubeconfig, cache, "get", "pods", "-A", "--context=kind-cluster1").ok(); // warm the cache
        long pair = median(5, () -> {
            try {
                Kubectls.run(kubectl, kubeconfig, cache, "get", "pods", "-A", "--context=kind-cluster1").ok();
                Kubectls.run(kubectl, kubeconfig, cache, "get", "pods", "-A", "--context=kind-cluster2").ok();
                return null;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        System.out.printf("two 'kubectl get pods -A' (%s), median of 5: %d ms -> status is %.1fx faster%n",
                Path.of(kubectl).getFileName(), pair, (double) pair / Math.max(1, status));
    }

    private static Object check(EmbeddedShell.Result r) {
        if (!r.ok()) {
            throw new IllegalStateException(String.join("\n", r.lines()));
        }
        return r;
    }

    static long median(int runs, Supplier<?> action) {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            action.get();
            times.add(ms(t));
        }
        Collections.sort(times);
        return times.get(runs / 2);
    }

    static long ms(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    static void heap(String when) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        System.out.printf("used heap after GC, %s: %.1f MiB%n", when, (r.totalMemory() - r.freeMemory()) / 1048576.0);
    }

}
