package dev.meshstage.backend.attached;

import dev.meshstage.error.BackendException;
import dev.meshstage.files.AtomicFiles;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The existing clusters a home's mesh is made of ({@code cluster attach}), saved in {@code $MESHSTAGE_HOME/attached.json}
 * (0600) so later sessions have them. It holds where each cluster is reached (kubeconfig file and context), never
 * credentials: those stay in the user's kubeconfig.
 */
public final class AttachedClusters {

    /** Made when a file is read or written, not when the home's clusters are only asked for (the prompt's start). */
    private static final class Json {
        static final JsonMapper MAPPER = JsonMapper.builder().build();
    }

    /**
     * One attached cluster.
     *
     * @param server the context's API server URL when it was attached
     */
    public record Entry(String name, String context, String kubeconfig, String server, String network) {
    }

    private record Saved(List<Entry> clusters) {
    }

    private final Path file;

    public AttachedClusters(Path home) {
        this.file = home.resolve("attached.json");
    }

    /** In the order they were attached: the first is the app's home, the next take the workshop's other shares. */
    public List<Entry> list() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            Saved saved = Json.MAPPER.readValue(Files.readString(file, StandardCharsets.UTF_8), Saved.class);
            return saved.clusters() == null ? List.of() : List.copyOf(saved.clusters());
        } catch (JacksonException | java.io.IOException e) {
            throw new BackendException("cannot read " + file + " (" + e.getMessage().lines().findFirst().orElse("") + "); fix or remove it");
        }
    }

    public Optional<Entry> find(String name) {
        return list().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public void add(Entry entry) {
        List<Entry> entries = new ArrayList<>(list());
        entries.add(entry);
        save(entries);
    }

    /** @return whether it was attached */
    public boolean remove(String name) {
        List<Entry> entries = new ArrayList<>(list());
        boolean removed = entries.removeIf(e -> e.name().equals(name));
        if (removed) {
            save(entries);
        }
        return removed;
    }

    private void save(List<Entry> entries) {
        if (entries.isEmpty()) {
            try {
                Files.deleteIfExists(file);
            } catch (java.io.IOException e) {
                throw new BackendException("cannot remove " + file + ": " + e.getMessage());
            }
            return;
        }
        AtomicFiles.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Saved(entries)), true);
    }
}
