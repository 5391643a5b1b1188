package dev.meshstage.transcript;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Compares actual output with a transcript's expectation: {@code ...} on a line of its own matches any
 * number of lines, {@code [..]} inside a line matches any text; trailing spaces never matter.
 */
public final class OutputMatcher {

    public static final String SKIP_LINES = "...";
    public static final String ANY_TEXT = "[..]";

    private OutputMatcher() {
    }

    public static boolean matches(List<String> expected, List<String> actual) {
        Boolean[][] memo = new Boolean[expected.size() + 1][actual.size() + 1];
        return match(expected, actual, 0, 0, memo);
    }

    private static boolean match(List<String> exp, List<String> act, int e, int a, Boolean[][] memo) {
        if (memo[e][a] != null) {
            return memo[e][a];
        }
        boolean result;
        if (e == exp.size()) {
            result = a == act.size();
        } else if (exp.get(e).strip().equals(SKIP_LINES)) {
            result = match(exp, act, e + 1, a, memo) || (a < act.size() && match(exp, act, e, a + 1, memo));
        } else {
            result = a < act.size() && lineMatches(exp.get(e), act.get(a)) && match(exp, act, e + 1, a + 1, memo);
        }
        memo[e][a] = result;
        return result;
    }

    public static boolean lineMatches(String expected, String actual) {
        String exp = expected.stripTrailing();
        String act = actual.stripTrailing();
        if (!exp.contains(ANY_TEXT)) {
            return exp.equals(act);
        }
        StringBuilder regex = new StringBuilder();
        String[] parts = exp.split(Pattern.quote(ANY_TEXT), -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(act).matches();
    }

    /** A unified-style listing of expected and actual output for a failure message. */
    public static String diff(String command, List<String> expected, List<String> actual) {
        StringBuilder sb = new StringBuilder("meshstage:> ").append(command).append('\n');
        sb.append("--- expected\n");
        expected.forEach(l -> sb.append("  ").append(l).append('\n'));
        sb.append("+++ actual\n");
        actual.forEach(l -> sb.append("  ").append(l).append('\n'));
        return sb.toString();
    }
}
