package dev.meshstage.step;

import dev.meshstage.backend.Backend;
import dev.meshstage.error.BackendException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code kubectl rollout restart}: a new {@code kubectl.kubernetes.io/restartedAt} annotation on the pod template,
 * so the workload controller replaces every pod. Used after the mesh CA changes: istiod reads its CA only at start,
 * and a sidecar keeps its certificate until its pod is replaced.
 */
final class Rollouts {

    static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";
    private static final Duration ISTIOD_READY = Duration.ofMinutes(5);

    private Rollouts() {
    }

    /** Restarts istiod and waits until a new pod is available; false when istiod is not installed. */
    static boolean restartIstiod(KubernetesClient client, Backend backend) {
        Deployment d = client.apps().deployments().inNamespace(IstioNamespace.NAME).withName("istiod").get();
        if (d == null) {
            return false;
        }
        long generation = restart(client, backend, IstioNamespace.NAME, "deployment", "istiod");
        long deadline = System.nanoTime() + ISTIOD_READY.toNanos();
        while (true) {
            d = client.apps().deployments().inNamespace(IstioNamespace.NAME).withName("istiod").get();
            var s = d == null ? null : d.getStatus();
            if (s != null && s.getObservedGeneration() != null && s.getObservedGeneration() >= generation
                    && s.getUpdatedReplicas() != null && s.getUpdatedReplicas() >= 1
                    && s.getAvailableReplicas() != null && s.getAvailableReplicas() >= 1
                    && (s.getReplicas() == null || s.getReplicas().equals(s.getUpdatedReplicas()))) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                throw new BackendException("istiod did not come back within " + ISTIOD_READY.toMinutes()
                        + " minutes after the restart: kubectl -n istio-system get pods -l app=istiod");
            }
            sleep();
        }
    }

    /**
     * Restarts what carries an Istio proxy: the gateways in istio-system and every Deployment, StatefulSet and
     * DaemonSet in namespaces labelled {@code istio-injection=enabled}. Returns {@code kind/ns/name} of each.
     */
    static List<String> restartMeshWorkloads(KubernetesClient client, Backend backend) {
        List<String> restarted = new ArrayList<>();
        for (Deployment d : client.apps().deployments().inNamespace(IstioNamespace.NAME).list().getItems()) {
            if (!"istiod".equals(d.getMetadata().getName())) {
                restart(client, backend, IstioNamespace.NAME, "deployment", d.getMetadata().getName());
                restarted.add("deployment/" + IstioNamespace.NAME + "/" + d.getMetadata().getName());
            }
        }
        for (Namespace ns : client.namespaces().withLabel("istio-injection", "enabled").list().getItems()) {
            String n = ns.getMetadata().getName();
            client.apps().deployments().inNamespace(n).list().getItems().forEach(w -> {
                restart(client, backend, n, "deployment", w.getMetadata().getName());
                restarted.add("deployment/" + n + "/" + w.getMetadata().getName());
            });
            client.apps().statefulSets().inNamespace(n).list().getItems().forEach(w -> {
                restart(client, backend, n, "statefulset", w.getMetadata().getName());
                restarted.add("statefulset/" + n + "/" + w.getMetadata().getName());
            });
            client.apps().daemonSets().inNamespace(n).list().getItems().forEach(w -> {
                restart(client, backend, n, "daemonset", w.getMetadata().getName());
                restarted.add("daemonset/" + n + "/" + w.getMetadata().getName());
            });
        }
        return restarted;
    }

    /** @return the generation the workload controller has to observe for the restart to be under way */
    static long restart(KubernetesClient client, Backend backend, String ns, String kind, String name) {
        String now = restartedAt(client, backend, ns, kind, name).toString();
        String patch = Serialization.asJson(Map.of("spec", Map.of("template", Map.of("metadata",
                Map.of("annotations", Map.of(RESTARTED_AT, now))))));
        PatchContext strategic = PatchContext.of(PatchType.STRATEGIC_MERGE);
        HasMetadata after = switch (kind) {
            case "deployment" -> client.apps().deployments().inNamespace(ns).withName(name).patch(strategic, patch);
            case "statefulset" -> client.apps().statefulSets().inNamespace(ns).withName(name).patch(strategic, patch);
            default -> client.apps().daemonSets().inNamespace(ns).withName(name).patch(strategic, patch);
        };
        Long generation = after.getMetadata().getGeneration();
        return generation == null ? 0 : generation;
    }

    /** The restart already recorded on the workload's pod template, or null. */
    private static Instant restartedAt(KubernetesClient client, Backend backend, String ns, String kind, String name) {
        HasMetadata current = switch (kind) {
            case "deployment" -> client.apps().deployments().inNamespace(ns).withName(name).get();
            case "statefulset" -> client.apps().statefulSets().inNamespace(ns).withName(name).get();
            default -> client.apps().daemonSets().inNamespace(ns).withName(name).get();
        };
        String previous = null;
        if (current instanceof io.fabric8.kubernetes.api.model.apps.Deployment d && d.getSpec().getTemplate().getMetadata() != null
                && d.getSpec().getTemplate().getMetadata().getAnnotations() != null) {
            previous = d.getSpec().getTemplate().getMetadata().getAnnotations().get(RESTARTED_AT);
        } else if (current instanceof io.fabric8.kubernetes.api.model.apps.StatefulSet st && st.getSpec().getTemplate().getMetadata() != null
                && st.getSpec().getTemplate().getMetadata().getAnnotations() != null) {
            previous = st.getSpec().getTemplate().getMetadata().getAnnotations().get(RESTARTED_AT);
        } else if (current instanceof io.fabric8.kubernetes.api.model.apps.DaemonSet ds && ds.getSpec().getTemplate().getMetadata() != null
                && ds.getSpec().getTemplate().getMetadata().getAnnotations() != null) {
            previous = ds.getSpec().getTemplate().getMetadata().getAnnotations().get(RESTARTED_AT);
        }
        Instant before;
        try {
            before = previous == null ? null : Instant.parse(previous);
        } catch (java.time.format.DateTimeParseException e) {
            before = null;
        }
        return stamp(backend.now(), before, backend.clockMovesOn(), Thread::sleep);
    }

    /** Waits {@code ms} of wall time. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long ms) throws InterruptedException;
    }

    /**
     * Now, to the second as kubectl writes it — but later than the restart already recorded, so two restarts within
     * one second still change the template and roll the pods again. On a wall clock the next second is waited for
     * (never a time ahead of the clock: kubectl refuses a restart "within the past second" of one); a clock that
     * moves on (the sim's) takes it at once.
     */
    static Instant stamp(Instant now, Instant before, boolean clockMovesOn, Sleeper sleeper) {
        Instant second = now.truncatedTo(ChronoUnit.SECONDS);
        if (before == null || second.isAfter(before)) {
            return second;
        }
        if (!clockMovesOn) {
            long wait = Duration.between(now, before.plusSeconds(1)).toMillis();
            try {
                sleeper.sleep(Math.max(0, Math.min(wait, 1_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return before.plusSeconds(1);
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while waiting for istiod");
        }
    }
}
