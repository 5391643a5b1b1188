package dev.meshstage.stage;

import dev.meshstage.transcript.OutputMatcher;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns recorded output into expectations that pass on the next run: what varies between runs (ages,
 * generated pod-name suffixes, addresses from pools, API ports, fingerprints, timestamps, the state
 * directory) becomes {@code [..]}, and anything secret (tokens, private keys, passwords) is redacted the
 * same way, so it never reaches a transcript file.
 */
public final class Wildcards {

    private static final String ANY = OutputMatcher.ANY_TEXT;
    private static final Pattern PEM_BEGIN = Pattern.compile("-----BEGIN [A-Z ]+-----");
    private static final Pattern PEM_END = Pattern.compile("-----END [A-Z ]+-----");

    /** In order: secrets first, then what merely varies. */
    private static final List<Rule> RULES = List.of(
            new Rule("\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*", ANY),
            new Rule("(?i)(bearer\\s+)\\S+", "$1" + ANY),
            new Rule("(?i)\\b((?:token|password|passwd|secret|client-key-data|client-certificate-data|certificate-authority-data)[\"']?\\s*[:=]\\s*)\\S+", "$1" + ANY),
            new Rule("\\b[A-Za-z0-9+/]{40,}={0,2}", ANY),
            new Rule("\\b(?:[0-9A-Fa-f]{2}:){7,}[0-9A-Fa-f]{2}\\b", ANY),
            new Rule("\\b[0-9a-f]{16,}\\b", ANY),
            new Rule("\\b\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})?", ANY),
            new Rule("\\b(127\\.0\\.0\\.1|localhost):\\d+", "$1:" + ANY),
            new Rule("\\b(?!127\\.0\\.0\\.1\\b)(?!0\\.0\\.0\\.0\\b)(?:\\d{1,3}\\.){3}\\d{1,3}\\b(?!/\\d)", ANY),
            new Rule("(?<=[a-z0-9])-[a-z0-9]{8,10}-[bcdfghjklmnpqrstvwxz2456789]{5}\\b", "-" + ANY),
            new Rule("(?<=[a-z0-9])-[bcdfghjklmnpqrstvwxz2456789]{5}\\b", "-" + ANY),
            new Rule("\\b\\d+(?:\\.\\d+)?(?:ms|s|m|h|d|y)(?:\\d+(?:s|m|h))?\\b", ANY));

    private record Rule(Pattern pattern, String replacement) {
        Rule(String regex, String replacement) {
            this(Pattern.compile(regex), replacement);
        }
    }

    private final List<String> literals;

    /** @param literals texts that differ between machines or runs (the state directory), longest first */
    public Wildcards(List<String> literals) {
        this.literals = literals.stream().filter(s -> s != null && s.length() > 1)
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** A command's output as expectations; a private key block becomes a {@code ...} line. */
    public List<String> lines(List<String> output) {
        List<String> out = new ArrayList<>();
        boolean inPem = false;
        for (String line : output) {
            if (!inPem && PEM_BEGIN.matcher(line).find()) {
                inPem = !PEM_END.matcher(line).find();
                out.add(OutputMatcher.SKIP_LINES);
                continue;
            }
            if (inPem) {
                inPem = !PEM_END.matcher(line).find();
                continue;
            }
            out.add(line(line));
        }
        return out;
    }

    public String line(String line) {
        String s = line.stripTrailing();
        for (String literal : literals) {
            s = s.replace(literal, ANY);
        }
        for (Rule r : RULES) {
            Matcher m = r.pattern().matcher(s);
            s = m.replaceAll(r.replacement());
        }
        while (s.contains(ANY + ANY)) {
            s = s.replace(ANY + ANY, ANY);
        }
        return s;
    }
}
