package dev.meshstage.workshop;

import dev.meshstage.support.DirectoryCopy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Copies of the repository's workshop to break on purpose. */
public final class TestWorkshops {

    static final Path REPOSITORY = Path.of("").toAbsolutePath();

    private TestWorkshops() {
    }

    /** The workshop with a third cluster (network3) that the three-cluster tests and transcript 08 use. */
    public static final Path THREE_CLUSTERS = REPOSITORY.resolve("src/test/resources/workshops/three-clusters");

    /** Copies the repository's configs/ into {@code target} and returns {@code target}. */
    static Path copyOfRepository(Path target) {
        return copyOfConfigs(REPOSITORY, target);
    }

    /** Copies the configs/ of {@code workshop} (following its links) into {@code target} and returns {@code target}. */
    static Path copyOfConfigs(Path workshop, Path target) {
        DirectoryCopy.copy(workshop.resolve("configs"), target.resolve("configs"));
        return target;
    }

    /** Replaces the first occurrence of {@code from} in the file, failing if it is not there. */
    static void edit(Path file, String from, String to) {
        try {
            String text = Files.readString(file);
            if (!text.contains(from)) {
                throw new IllegalStateException(file + " does not contain " + from);
            }
            Files.writeString(file, text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 1-based line of the first line containing {@code text}. */
    static int lineOf(Path file, String text) {
        try {
            var lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(text)) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(file + " has no line with " + text);
    }
}
