package dev.meshstage.backend.sim.controller;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a container takes to stop once its pod is deleted: its preStop hook runs first ({@code sleep: seconds},
 * or an exec hook's {@code sleep N}; others finish at once), then SIGTERM: a server image exits at once, a command
 * the simulated runtime runs ({@code sleep}, {@code sh -c}) is PID 1 without a handler, ignores it and is killed
 * when the grace period ends.
 */
final class Termination {

    private static final Pattern SLEEP = Pattern.compile("(?:^|[\\s;&|])sleep\\s+(\\d+)");

    private Termination() {
    }

    static Duration preStop(JsonNode container) {
        JsonNode hook = container.path("lifecycle").path("preStop");
        if (hook.path("sleep").has("seconds")) {
            return Duration.ofSeconds(Math.max(0, hook.path("sleep").path("seconds").asLong()));
        }
        StringBuilder cmd = new StringBuilder();
        hook.path("exec").path("command").forEach(x -> cmd.append(x.asString()).append(' '));
        Matcher m = SLEEP.matcher(cmd);
        return m.find() ? Duration.ofSeconds(Long.parseLong(m.group(1))) : Duration.ZERO;
    }

    /** From SIGTERM to exit, or null when the process never exits by itself (killed at the end of the grace). */
    static Duration afterSigterm(boolean runsACommand) {
        return runsACommand ? null : Duration.ZERO;
    }
}
