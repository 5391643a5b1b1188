package dev.meshstage.backend;

import dev.meshstage.backend.kind.KindBackend;

import java.nio.file.Path;
import java.util.Map;

/** Picks the backend implementation by name; the only place that knows both. */
public final class Backends {

    private Backends() {
    }

    public static Backend create(String name, Path home, Map<String, String> environment) {
        return switch (name) {
            case "kind" -> new KindBackend(home, environment);
            default -> throw new BackendException("the sim backend is not available yet");
        };
    }
}
