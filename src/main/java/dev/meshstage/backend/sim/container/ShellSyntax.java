package dev.meshstage.backend.sim.container;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of the POSIX shell grammar the simulated {@code sh} reads: lists joined by {@code ;}, {@code &},
 * newlines, {@code &&} and {@code ||}; pipelines with {@code |}; simple commands with redirections ({@code >},
 * {@code >>}, {@code <}, {@code 2>}, {@code 2>&1}, {@code >&2}); words keep their quotes and {@code $} forms
 * for expansion when they run. No loops or conditionals: those answer with a syntax error.
 */
final class ShellSyntax {

    /** A redirection: {@code fd} (0, 1 or 2) to a file ({@code target}) or to another descriptor ({@code toFd}). */
    record Redirect(int fd, String target, boolean append, int toFd) {
    }

    record Simple(List<String> words, List<Redirect> redirects) {
    }

    record Pipeline(List<Simple> commands) {
    }

    /** A pipeline and how it joins the previous one: {@code ;}, {@code &&} or {@code ||}. */
    record Step(String join, Pipeline pipeline) {
    }

    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message);
        }
    }

    private static final List<String> RESERVED = List.of("if", "then", "else", "elif", "fi", "for", "while", "until", "do",
            "done", "case", "esac", "function", "{", "}");

    private ShellSyntax() {
    }

    static List<Step> parse(String script) throws SyntaxError {
        List<String> tokens = tokens(script);
        List<Step> steps = new ArrayList<>();
        String join = ";";
        List<Simple> pipe = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<Redirect> redirects = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            switch (t) {
                case ";", "&", "\n", "&&", "||" -> {
                    if (words.isEmpty() && redirects.isEmpty()) {
                        if (!pipe.isEmpty() || !(t.equals("\n") || t.equals(";"))) {
                            throw new SyntaxError("syntax error: unexpected \"" + t + "\"");
                        }
                        continue; // an empty line, or a newline after && / ||
                    }
                    pipe.add(new Simple(words, redirects));
                    steps.add(new Step(join, new Pipeline(pipe)));
                    join = t.equals("&&") || t.equals("||") ? t : ";";
                    pipe = new ArrayList<>();
                    words = new ArrayList<>();
                    redirects = new ArrayList<>();
                }
                case "|" -> {
                    if (words.isEmpty()) {
                        throw new SyntaxError("syntax error: unexpected \"|\"");
                    }
                    pipe.add(new Simple(words, redirects));
                    words = new ArrayList<>();
                    redirects = new ArrayList<>();
                }
                case ">", ">>", "<", "2>", "2>>", "1>", "1>>" -> {
                    if (i + 1 >= tokens.size() || isOperator(tokens.get(i + 1))) {
                        throw new SyntaxError("syntax error: unexpected " + (i + 1 >= tokens.size() ? "end of file" : "\"" + tokens.get(i + 1) + "\""));
                    }
                    String target = tokens.get(++i);
                    int fd = t.startsWith("2") ? 2 : t.startsWith("<") ? 0 : 1;
                    redirects.add(new Redirect(fd, target, t.endsWith(">>"), -1));
                }
                case "2>&1" -> redirects.add(new Redirect(2, null, false, 1));
                case ">&2", "1>&2" -> redirects.add(new Redirect(1, null, false, 2));
                default -> {
                    if (words.isEmpty() && RESERVED.contains(t)) {
                        throw new SyntaxError("'" + t + "' is not supported by the simulated shell (no loops or conditionals)");
                    }
                    words.add(t);
                }
            }
        }
        if (!words.isEmpty() || !redirects.isEmpty()) {
            pipe.add(new Simple(words, redirects));
        }
        if (!pipe.isEmpty()) {
            steps.add(new Step(join, new Pipeline(pipe)));
        } else if (join.equals("&&") || join.equals("||")) {
            throw new SyntaxError("syntax error: unexpected end of file");
        }
        return steps;
    }

    private static boolean isOperator(String t) {
        return List.of(";", "&", "\n", "&&", "||", "|", ">", ">>", "<", "2>", "2>>", "2>&1", ">&2").contains(t);
    }

    /** Splits into words (quotes kept) and operators; {@code #} at the start of a word comments out the line. */
    static List<String> tokens(String s) throws SyntaxError {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                int end = closing(s, i, c);
                word.append(s, i, end + 1);
                i = end + 1;
            } else if (c == '\\' && i + 1 < n) {
                if (s.charAt(i + 1) == '\n') {
                    i += 2; // line continuation
                } else {
                    word.append(s, i, i + 2);
                    i += 2;
                }
            } else if (c == '$' && i + 1 < n && s.charAt(i + 1) == '(') {
                int end = matchingParen(s, i + 1);
                word.append(s, i, end + 1);
                i = end + 1;
            } else if (c == '`') {
                int end = s.indexOf('`', i + 1);
                if (end < 0) {
                    throw new SyntaxError("syntax error: unterminated quoted string");
                }
                word.append(s, i, end + 1);
                i = end + 1;
            } else if (c == '#' && word.isEmpty()) {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == ' ' || c == '\t' || c == '\r') {
                flush(word, out);
                i++;
            } else if (c == '\n' || c == ';' || c == '|' || c == '&' || c == '<' || c == '>') {
                String op = operator(s, i, word);
                if (op.startsWith("2") || op.startsWith("1")) {
                    word.setLength(word.length() - 1); // the digit belonged to the operator
                }
                flush(word, out);
                out.add(op);
                i += op.length() - (op.startsWith("2") || op.startsWith("1") ? 1 : 0);
            } else {
                word.append(c);
                i++;
            }
        }
        flush(word, out);
        return out;
    }

    private static String operator(String s, int i, StringBuilder word) {
        boolean fd = word.length() == 1 && (word.charAt(0) == '2' || word.charAt(0) == '1');
        String rest = s.substring(i);
        if (fd && word.charAt(0) == '2' && rest.startsWith(">&1")) {
            return "2>&1";
        }
        if (fd && word.charAt(0) == '1' && rest.startsWith(">&2")) {
            return "1>&2";
        }
        if (fd && rest.startsWith(">>")) {
            return word.charAt(0) + ">>";
        }
        if (fd && rest.startsWith(">")) {
            return word.charAt(0) + ">";
        }
        for (String op : List.of("&&", "||", ">>", ">&2", "\n", ";", "|", "&", "<", ">")) {
            if (rest.startsWith(op)) {
                return op;
            }
        }
        return rest.substring(0, 1);
    }

    private static void flush(StringBuilder word, List<String> out) {
        if (!word.isEmpty()) {
            out.add(word.toString());
            word.setLength(0);
        }
    }

    private static int closing(String s, int open, char quote) throws SyntaxError {
        for (int i = open + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote == '"' && c == '\\') {
                i++;
            } else if (c == quote) {
                return i;
            }
        }
        throw new SyntaxError("syntax error: unterminated quoted string");
    }

    static int matchingParen(String s, int open) throws SyntaxError {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = closing(s, i, c);
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        throw new SyntaxError("syntax error: unterminated $(");
    }
}
