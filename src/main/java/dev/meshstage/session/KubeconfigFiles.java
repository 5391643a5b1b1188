package dev.meshstage.session;

import dev.meshstage.DidYouMean;
import dev.meshstage.error.UsageException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which kubeconfig file holds a context, among the files kubectl would read: {@code --kubeconfig FILE}, the files
 * {@code $KUBECONFIG} lists (joined by {@code ':'}; kubectl merges them, the first file to name a context, cluster
 * or user wins, and skips files that are not there), or {@code ~/.kube/config}. An attached cluster is reached
 * through one file (fabric8 and {@code istioctl --kubeconfig} read one), so the context's cluster and user must
 * come from the file its context comes from; otherwise the user is told how to make one file of them.
 */
final class KubeconfigFiles {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** A kubeconfig as read from disk; {@code content} is null for a file that is not there. */
    record Source(Path file, String content) {
    }

    /** The file that holds the context, and its text. */
    record Found(Path file, String content) {
    }

    private KubeconfigFiles() {
    }

    /** The files of a {@code $KUBECONFIG} value, in order, relative ones from {@code directory}, duplicates and empty entries left out. */
    static List<Path> split(String variable, Path directory) {
        Set<Path> files = new LinkedHashSet<>();
        for (String part : variable.split(File.pathSeparator)) {
            if (!part.isBlank()) {
                files.add(directory.resolve(part.strip()).toAbsolutePath().normalize());
            }
        }
        return List.copyOf(files);
    }

    /**
     * @param from what the files are, for messages: the file's name, or {@code $KUBECONFIG (a:b)}
     * @throws UsageException when no file names the context, or its cluster or user comes from another file
     */
    static Found find(String context, List<Source> sources, String from) {
        List<Parsed> parsed = new ArrayList<>();
        for (Source source : sources) {
            if (source.content() != null) {
                parsed.add(parse(source));
            }
        }
        Optional<Parsed> holder = parsed.stream().filter(p -> p.contexts().contains(context)).findFirst();
        if (holder.isEmpty()) {
            List<String> all = parsed.stream().flatMap(p -> p.contexts().stream()).distinct().toList();
            throw new UsageException("context '" + context + "' is not in " + from + DidYouMean.hint(context, all)
                    + (all.isEmpty() ? ": it has no contexts" : ": its contexts are " + String.join(", ", all)));
        }
        Parsed file = holder.get();
        JsonNode entry = file.contextEntry(context);
        String cluster = entry.path("cluster").asString("");
        String user = entry.path("user").asString("");
        for (String[] kind : new String[][] {{"clusters", cluster, "cluster"}, {"users", user, "user"}}) {
            if (kind[1].isEmpty()) {
                continue;
            }
            Optional<Parsed> first = parsed.stream().filter(p -> p.names(kind[0]).contains(kind[1])).findFirst();
            if (first.isEmpty() && parsed.size() > 1) {
                throw new UsageException("context '" + context + "' of " + file.file() + " uses " + kind[2] + " '" + kind[1]
                        + "', which no file of " + from + " defines: fix the kubeconfig, or give the right one with --kubeconfig FILE");
            }
            if (first.isPresent() && first.get() != file) {
                throw new UsageException("context '" + context + "' of " + file.file() + " uses " + kind[2] + " '" + kind[1] + "' of "
                        + first.get().file() + ", and an attached cluster is reached through one file: make one with 'kubectl config"
                        + " view --flatten --minify --context " + context + " > FILE' and attach with --kubeconfig FILE");
            }
        }
        return new Found(file.file(), file.content());
    }

    private record Parsed(Path file, String content, JsonNode root) {
        List<String> contexts() {
            return names("contexts");
        }

        List<String> names(String section) {
            List<String> names = new ArrayList<>();
            for (JsonNode c : root.path(section)) {
                String n = c.path("name").asString("");
                if (!n.isEmpty()) {
                    names.add(n);
                }
            }
            return names;
        }

        JsonNode contextEntry(String name) {
            for (JsonNode c : root.path("contexts")) {
                if (name.equals(c.path("name").asString(""))) {
                    return c.path("context");
                }
            }
            throw new IllegalStateException(name + " is not a context of " + file);
        }
    }

    private static Parsed parse(Source source) {
        try {
            JsonNode root = YAML.readTree(source.content());
            return new Parsed(source.file(), source.content(), root == null ? YAML.createObjectNode() : root);
        } catch (RuntimeException e) {
            throw new UsageException(source.file() + " is not a kubeconfig (not YAML): give the file with --kubeconfig FILE");
        }
    }
}
