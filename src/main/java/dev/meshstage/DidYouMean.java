package dev.meshstage;

import org.jline.utils.Levenshtein;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * The closest of the accepted words to a misspelt one, by edit distance (transpositions count as one edit),
 * for "did you mean …?" — or a word the given one starts, so a half-typed word is completed.
 */
public final class DidYouMean {

    private DidYouMean() {
    }

    public static Optional<String> closest(String given, Collection<String> accepted) {
        String g = given.toLowerCase(Locale.ROOT);
        if (g.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> prefixed = accepted.stream().filter(a -> a.toLowerCase(Locale.ROOT).startsWith(g)).findFirst();
        if (prefixed.isPresent() && g.length() >= 2) {
            return prefixed;
        }
        return accepted.stream()
                .filter(a -> distance(g, a) <= allowed(g, a))
                .min(Comparator.comparingInt(a -> distance(g, a)));
    }

    /** {@code " (did you mean 'x'?)"}, or nothing when no accepted word is close. */
    public static String hint(String given, Collection<String> accepted) {
        return closest(given, accepted).map(c -> " (did you mean '" + c + "'?)").orElse("");
    }

    private static int distance(String given, String accepted) {
        return Levenshtein.distance(given, accepted.toLowerCase(Locale.ROOT));
    }

    /** One edit for short words, about a third of the letters for longer ones. */
    private static int allowed(String given, String accepted) {
        return Math.max(1, Math.min(given.length(), accepted.length()) / 3);
    }
}
