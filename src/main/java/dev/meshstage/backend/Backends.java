package dev.meshstage.backend;

import dev.meshstage.backend.kind.KindBackend;
import dev.meshstage.backend.sim.SimBackend;
import dev.meshstage.workshop.ClusterPlan;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Picks the backend implementation by name; the only place that knows both. */
public final class Backends {

    private Backends() {
    }

    public static Backend create(String name, Path home, Map<String, String> environment, List<ClusterPlan> plans) {
        return switch (name) {
            case "kind" -> new KindBackend(home, environment);
            case "sim" -> new SimBackend(home, plans);
            default -> throw new BackendException("unknown backend '" + name + "': use sim or kind");
        };
    }
}
