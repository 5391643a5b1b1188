package dev.meshstage.mesh;

import java.time.Instant;
import java.util.List;

/**
 * One pod as {@code kubectl describe pod} and {@code kubectl logs --tail} show it: read on demand (the dashboard's
 * Enter), not kept in the model.
 *
 * @param problem why the pod could not be read (gone, cluster not answering), null when it was
 * @param logs    the last lines of the first container's log (the app, not the sidecar)
 */
public record PodDetails(String namespace, String name, String node, String ip, String phase, List<Container> containers,
        List<Condition> conditions, List<Event> events, String logContainer, List<String> logs, String problem) {

    public PodDetails {
        containers = List.copyOf(containers);
        conditions = List.copyOf(conditions);
        events = List.copyOf(events);
        logs = List.copyOf(logs);
    }

    public static PodDetails unreadable(String namespace, String name, String problem) {
        return new PodDetails(namespace, name, null, null, null, List.of(), List.of(), List.of(), null, List.of(), problem);
    }

    /** @param state {@code running}, {@code waiting: ImagePullBackOff}, {@code terminated: Error (exit 1)} */
    public record Container(String name, String image, boolean ready, String state, int restarts, boolean init) {
    }

    public record Condition(String type, String status, String reason) {
    }

    public record Event(String type, String reason, String message, int count, Instant lastSeen) {
    }
}
