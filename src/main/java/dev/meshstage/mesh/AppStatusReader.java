package dev.meshstage.mesh;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The app's workloads in one cluster, read through the API: Deployments and StatefulSets of a namespace, each
 * with its pods (matched by the workload's selector), so a stuck pod says why — the waiting reason and message
 * the kubelet wrote, e.g. {@code ImagePullBackOff: Back-off pulling image "…"}.
 */
public final class AppStatusReader {

    public static final String SIDECAR = "istio-proxy";

    private AppStatusReader() {
    }

    /** Workloads sorted by name; empty when the namespace does not exist. */
    public static List<AppWorkload> read(KubernetesClient client, String cluster, String namespace) {
        List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
        List<AppWorkload> out = new ArrayList<>();
        for (Deployment d : client.apps().deployments().inNamespace(namespace).list().getItems()) {
            int desired = Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
            boolean current = d.getStatus() != null && Objects.requireNonNullElse(d.getStatus().getObservedGeneration(), 0L)
                    >= Objects.requireNonNullElse(d.getMetadata().getGeneration(), 0L);
            out.add(describe(cluster, namespace, d.getMetadata().getName(), "Deployment", desired, current,
                    d.getSpec().getSelector(), d.getSpec().getTemplate().getSpec(), pods));
        }
        for (StatefulSet s : client.apps().statefulSets().inNamespace(namespace).list().getItems()) {
            int desired = Objects.requireNonNullElse(s.getSpec().getReplicas(), 1);
            boolean current = s.getStatus() != null && Objects.requireNonNullElse(s.getStatus().getObservedGeneration(), 0L)
                    >= Objects.requireNonNullElse(s.getMetadata().getGeneration(), 0L);
            out.add(describe(cluster, namespace, s.getMetadata().getName(), "StatefulSet", desired, current,
                    s.getSpec().getSelector(), s.getSpec().getTemplate().getSpec(), pods));
        }
        out.sort(Comparator.comparing(AppWorkload::name));
        return out;
    }

    private static AppWorkload describe(String cluster, String namespace, String name, String kind, int desired,
            boolean observed, LabelSelector selector, PodSpec template, List<Pod> all) {
        List<Pod> pods = all.stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> matches(selector, p.getMetadata().getLabels())).toList();
        int ready = (int) pods.stream().filter(PodStatusText::ready).count();
        int restarts = pods.stream().flatMap(p -> statuses(p).stream()).mapToInt(ContainerStatus::getRestartCount).sum();
        // the least healthy pod speaks for the workload: that is the one worth looking at
        Pod shown = pods.stream().filter(p -> !PodStatusText.ready(p)).findFirst().orElse(pods.isEmpty() ? null : pods.get(0));
        String status = shown == null ? (desired == 0 ? "ScaledToZero" : "NoPods") : PodStatusText.reason(shown);
        String containers = shown == null ? "-" : readyContainers(shown);
        boolean sidecar = shown != null ? hasSidecar(shown.getSpec()) : hasSidecar(template);
        List<String> reasons = new ArrayList<>();
        for (Pod p : pods) {
            if (!PodStatusText.ready(p)) {
                reasons.add("pod " + p.getMetadata().getName() + ": " + why(p));
            }
        }
        if (pods.isEmpty() && desired > 0) {
            reasons.add(observed ? "no pods created yet (look at the events: kubectl get events -n " + namespace + ")"
                    : "the controller has not seen the latest spec yet");
        }
        return new AppWorkload(cluster, namespace, name, kind, ready, desired, containers, restarts, status, sidecar,
                appImage(template), reasons);
    }

    /** The first container that is not the sidecar: the one the workload is about. */
    static String appImage(PodSpec spec) {
        return spec.getContainers().stream().filter(c -> !SIDECAR.equals(c.getName())).map(Container::getImage)
                .findFirst().orElse("");
    }

    static boolean hasSidecar(PodSpec spec) {
        return Stream.concat(spec.getContainers().stream(), spec.getInitContainers().stream())
                .anyMatch(c -> SIDECAR.equals(c.getName()));
    }

    private static String readyContainers(Pod pod) {
        List<ContainerStatus> statuses = statuses(pod);
        long ready = statuses.stream().filter(s -> Boolean.TRUE.equals(s.getReady())).count();
        return ready + "/" + pod.getSpec().getContainers().size();
    }

    private static List<ContainerStatus> statuses(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? List.of()
                : pod.getStatus().getContainerStatuses();
    }

    /** The first container that is waiting for a reason other than its turn, with the kubelet's message. */
    private static String why(Pod pod) {
        for (ContainerStatus s : statuses(pod)) {
            ContainerStateWaiting waiting = s.getState() == null ? null : s.getState().getWaiting();
            if (waiting != null && waiting.getReason() != null && !"ContainerCreating".equals(waiting.getReason())
                    && !"PodInitializing".equals(waiting.getReason())) {
                return "container " + s.getName() + " (" + s.getImage() + ") " + waiting.getReason()
                        + (waiting.getMessage() == null ? "" : ": " + waiting.getMessage());
            }
        }
        List<String> unready = statuses(pod).stream().filter(s -> !Boolean.TRUE.equals(s.getReady())).map(ContainerStatus::getName).toList();
        String reason = PodStatusText.reason(pod);
        return unready.isEmpty() ? reason : reason + " (not ready: " + String.join(", ", unready) + ")";
    }

    private static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null || labels == null) {
            return false;
        }
        Map<String, String> wanted = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        return !wanted.isEmpty() && wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
