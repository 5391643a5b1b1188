package dev.meshstage.backend;

import dev.meshstage.error.BackendException;
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

    /**
     * @param attended   a person is watching (the background server, the prompt): the sim runs on the wall clock
     * @param clientOnly this process never serves the sim's clusters (the prompt: the home's server runs its lines)
     */
    public static Backend create(String name, Path home, Map<String, String> environment, List<ClusterPlan> plans,
            boolean attended, boolean clientOnly) {
        return switch (name) {
            case "kind" -> new KindBackend(home, environment);
            case "sim" -> clientOnly ? SimBackend.clientOnly(home, plans) : new SimBackend(home, plans, attended);
            default -> throw new BackendException("unknown backend '" + name + "': use sim or kind");
        };
    }
}
