package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The readiness probe keeps knocking: an app that logs its requests (its start-up log holds the probe's first
 * {@code kube-probe} request) logs one more every {@code periodSeconds} while it runs. Only on the live clock,
 * like the kubelet's heartbeats.
 */
final class ProbeLogs implements SimController {

    static final Duration TICK = Duration.ofSeconds(5);
    private final Map<String, Instant> last = new HashMap<>();

    @Override
    public String name() {
        return "kubelet-probes";
    }

    @Override
    public void start(ControllerContext ctx) {
        ctx.everyLive("kubelet/probe-logs", TICK, () -> knock(ctx));
    }

    void knock(ControllerContext ctx) {
        ResourceType pods = ctx.type("v1", "Pod");
        Instant now = ctx.now();
        Map<String, Instant> seen = new HashMap<>();
        for (ObjectNode pod : ctx.store().list(pods, "")) {
            if (!"Running".equals(pod.at("/status/phase").asString(""))) {
                continue;
            }
            String ns = pod.at("/metadata/namespace").asString();
            String name = pod.at("/metadata/name").asString();
            for (JsonNode c : pod.at("/spec/containers")) {
                JsonNode get = c.at("/readinessProbe/httpGet");
                if (get.isMissingNode()) {
                    continue;
                }
                String container = c.path("name").asString();
                String key = ns + "/" + name + "/" + container;
                Instant previous = last.get(key);
                if (previous == null && !logsRequests(ctx, ns, name, container)) {
                    continue;
                }
                long period = c.at("/readinessProbe/periodSeconds").asLong(10);
                if (previous == null || !now.isBefore(previous.plusSeconds(period))) {
                    if (previous != null) {
                        ctx.logs().append(ns, name, container, now, StartupLogs.probeLine(now, get.path("path").asString("/")));
                    }
                    previous = now;
                }
                seen.put(key, previous);
            }
        }
        last.clear();
        last.putAll(seen); // pods gone are forgotten
    }

    private static boolean logsRequests(ControllerContext ctx, String ns, String pod, String container) {
        return ctx.logs().lines(ns, pod, container, false, false).stream().anyMatch(l -> l.contains("kube-probe/"));
    }
}
