package dev.meshstage.server;

import java.time.Duration;
import java.util.List;

/** What {@code sim status} reports: whether the home's server runs, and where its clusters answer. */
public record ServerStatus(boolean running, long pid, Duration uptime, String socket, List<Endpoint> clusters,
        Duration idleLimit, String log, List<String> savedClusters, String inProcess) {

    public record Endpoint(String context, String url) {
    }

    public static ServerStatus running(long pid, Duration uptime, String socket, List<Endpoint> clusters, Duration idle,
            String log) {
        return new ServerStatus(true, pid, uptime, socket, List.copyOf(clusters), idle, log, List.of(), null);
    }

    public static ServerStatus notRunning(List<String> saved) {
        return new ServerStatus(false, 0, Duration.ZERO, null, List.of(), Duration.ZERO, null, List.copyOf(saved), null);
    }

    /** Served by this very process (transcripts, tests): {@code why} says by what. */
    public static ServerStatus inProcess(List<Endpoint> clusters, String why) {
        return new ServerStatus(false, ProcessHandle.current().pid(), Duration.ZERO, null, List.copyOf(clusters),
                Duration.ZERO, null, List.of(), why);
    }
}
