package dev.meshstage.backend.sim.controller;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;

/**
 * What a container's main process does once the kubelet starts it, as the simulated runtime runs it: what it
 * prints and when, and whether and how it ends. The images the sim knows as servers (the workshop's apps, the
 * cluster's and the mesh's components, nginx, databases) have no run here: they serve until stopped, with the
 * start-up logs of {@link StartupLogs}.
 */
public interface ContainerPrograms {

    /** A line the process printed, {@code at} after it started. */
    record Output(Duration at, String line) {
    }

    /**
     * @param runsFor how long until it exits; null when it runs until stopped (a {@code sleep infinity}, a shell
     *                waiting for an attached terminal)
     */
    record Run(List<Output> output, Duration runsFor, int exitCode) {
    }

    /** The run of {@code container}'s command in {@code pod}; null for a server image that runs until stopped. */
    Run start(JsonNode pod, JsonNode container);

    /** Every container a server (the sim before it ran commands). */
    ContainerPrograms SERVERS = (pod, container) -> null;
}
