package dev.meshstage.mesh;

import dev.meshstage.error.BackendException;
import dev.meshstage.mesh.source.Problems;
import dev.meshstage.mesh.source.ClusterClients;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** One pod's details, read when asked for (the dashboard's Enter): the pod, its events, its log's last lines. */
@Service
public class PodDetailsService {

    static final int LOG_LINES = 8;
    private static final String SIDECAR = "istio-proxy";

    private final ClusterClients clients;

    public PodDetailsService(ClusterClients clients) {
        this.clients = clients;
    }

    public PodDetails read(String cluster, String namespace, String name) {
        try {
            KubernetesClient client = clients.client(cluster);
            Pod pod = client.pods().inNamespace(namespace).withName(name).get();
            if (pod == null) {
                return PodDetails.unreadable(namespace, name, "the pod is gone");
            }
            List<Event> events = client.v1().events().inNamespace(namespace).list().getItems().stream()
                    .filter(e -> e.getInvolvedObject() != null && "Pod".equals(e.getInvolvedObject().getKind())
                            && name.equals(e.getInvolvedObject().getName()))
                    .toList();
            String logContainer = pod.getSpec().getContainers().stream().map(c -> c.getName())
                    .filter(c -> !c.equals(SIDECAR)).findFirst()
                    .orElse(pod.getSpec().getContainers().isEmpty() ? null : pod.getSpec().getContainers().get(0).getName());
            return of(pod, events, logContainer, logContainer == null ? List.of() : logs(client, pod, logContainer));
        } catch (KubernetesClientException | BackendException e) {
            return PodDetails.unreadable(namespace, name, e instanceof KubernetesClientException k ? Problems.explain(k) : e.getMessage());
        }
    }

    private static List<String> logs(KubernetesClient client, Pod pod, String container) {
        try {
            String log = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .inContainer(container).tailingLines(LOG_LINES).getLog();
            return log == null ? List.of() : log.lines().toList();
        } catch (KubernetesClientException e) {
            return List.of("(no log: " + Problems.explain(e) + ")");
        }
    }

    /** The pod's facts as describe shows them; pure, for tests. */
    static PodDetails of(Pod pod, List<Event> events, String logContainer, List<String> logs) {
        var status = pod.getStatus();
        Map<String, ContainerStatus> statuses = new java.util.HashMap<>();
        if (status != null) {
            List<ContainerStatus> all = new ArrayList<>();
            if (status.getInitContainerStatuses() != null) {
                all.addAll(status.getInitContainerStatuses());
            }
            if (status.getContainerStatuses() != null) {
                all.addAll(status.getContainerStatuses());
            }
            statuses = all.stream().collect(Collectors.toMap(ContainerStatus::getName, Function.identity(), (a, b) -> b));
        }
        List<PodDetails.Container> containers = new ArrayList<>();
        Map<String, ContainerStatus> byName = statuses;
        if (pod.getSpec().getInitContainers() != null) {
            pod.getSpec().getInitContainers().forEach(c -> containers.add(container(c.getName(), c.getImage(), byName.get(c.getName()), true)));
        }
        pod.getSpec().getContainers().forEach(c -> containers.add(container(c.getName(), c.getImage(), byName.get(c.getName()), false)));
        List<PodDetails.Condition> conditions = status == null || status.getConditions() == null ? List.of()
                : status.getConditions().stream().map(c -> new PodDetails.Condition(c.getType(), c.getStatus(), c.getReason())).toList();
        List<PodDetails.Event> evs = events.stream()
                .map(e -> new PodDetails.Event(e.getType(), e.getReason(), e.getMessage(), e.getCount() == null ? 1 : e.getCount(),
                        lastSeen(e)))
                .sorted(Comparator.comparing(PodDetails.Event::lastSeen, Comparator.nullsFirst(Comparator.naturalOrder())).reversed())
                .limit(6).toList();
        return new PodDetails(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getSpec().getNodeName(),
                status == null ? null : status.getPodIP(), status == null ? null : status.getPhase(), containers, conditions, evs,
                logContainer, logs, null);
    }

    private static PodDetails.Container container(String name, String image, ContainerStatus s, boolean init) {
        if (s == null) {
            return new PodDetails.Container(name, image, false, "not started", 0, init);
        }
        String state;
        if (s.getState() != null && s.getState().getRunning() != null) {
            state = "running";
        } else if (s.getState() != null && s.getState().getWaiting() != null) {
            state = "waiting: " + s.getState().getWaiting().getReason();
        } else if (s.getState() != null && s.getState().getTerminated() != null) {
            ContainerStateTerminated t = s.getState().getTerminated();
            state = "terminated: " + t.getReason() + " (exit " + t.getExitCode() + ")";
        } else {
            state = "unknown";
        }
        boolean ready = Boolean.TRUE.equals(s.getReady()) || init && s.getState() != null && s.getState().getTerminated() != null
                && Integer.valueOf(0).equals(s.getState().getTerminated().getExitCode());
        return new PodDetails.Container(name, image, ready, state, s.getRestartCount() == null ? 0 : s.getRestartCount(), init);
    }

    private static Instant lastSeen(Event e) {
        String t = e.getLastTimestamp() != null ? e.getLastTimestamp()
                : e.getEventTime() != null ? e.getEventTime().getTime() : e.getMetadata().getCreationTimestamp();
        try {
            return t == null ? null : Instant.parse(t);
        } catch (RuntimeException ex) {
            return null;
        }
    }
}
