package dev.meshstage.backend.sim.container;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One simulated {@code sh}: variables (the container's environment plus its own), a working directory, the
 * exit status of the last command; runs scripts of {@link ShellSyntax}'s grammar, command by command, each
 * pipeline stage after the other (a stage gets the previous one's whole output).
 */
final class Shell {

    /** {@code exit N}: unwinds to the script's caller. */
    static final class Exit extends RuntimeException {
        final int code;

        Exit(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    /** A container's main process in virtual time ({@code sleep} takes no wall time): until it sleeps forever. */
    static final class Forever extends RuntimeException {
        Forever() {
            super(null, null, false, false);
        }
    }

    /**
     * The time a script has taken: wall time for exec'd processes (sleep blocks), virtual for a container's main
     * process, whose output the kubelet spreads over the virtual clock (so runs stay deterministic).
     */
    static final class Time {
        final boolean virtual;
        long elapsedMillis;

        Time(boolean virtual) {
            this.virtual = virtual;
        }
    }

    final Container container;
    final Map<String, String> vars;
    final Time time;
    String cwd;
    int status;
    /** Whether stdout is a terminal (ls lays out columns only then, as busybox does). */
    boolean tty;

    Shell(Container container, Map<String, String> vars, String cwd) {
        this(container, vars, cwd, new Time(false));
    }

    Shell(Container container, Map<String, String> vars, String cwd, Time time) {
        this.container = container;
        this.vars = new LinkedHashMap<>(vars);
        this.cwd = cwd;
        this.time = time;
    }

    /** A child shell ({@code sh -c}, {@code $(…)}): the same variables and directory, its own from then on. */
    Shell child() {
        Shell c = new Shell(container, vars, cwd, time);
        c.tty = tty;
        return c;
    }

    /** Runs a whole script; {@code exit} ends it with its code. */
    int script(String text, Io io) throws IOException, InterruptedException {
        try {
            return run(text, io);
        } catch (Exit e) {
            return e.code;
        }
    }

    /** Runs a script; an {@code exit} propagates (the interactive shell ends on it). */
    int run(String text, Io io) throws IOException, InterruptedException {
        List<ShellSyntax.Step> steps;
        try {
            steps = ShellSyntax.parse(text);
        } catch (ShellSyntax.SyntaxError e) {
            io.error("sh: " + e.getMessage() + "\n");
            status = 2;
            return status;
        }
        for (ShellSyntax.Step step : steps) {
            if (step.join().equals("&&") && status != 0 || step.join().equals("||") && status == 0) {
                continue;
            }
            status = pipeline(step.pipeline(), io);
        }
        return status;
    }

    private int pipeline(ShellSyntax.Pipeline p, Io io) throws IOException, InterruptedException {
        InputStream in = io.in();
        int code = 0;
        List<ShellSyntax.Simple> commands = p.commands();
        for (int i = 0; i < commands.size(); i++) {
            boolean last = i == commands.size() - 1;
            ByteArrayOutputStream captured = last ? null : new ByteArrayOutputStream();
            boolean terminal = tty;
            tty = terminal && last;
            try {
                code = simple(commands.get(i), new Io(in, last ? io.out() : captured, io.err()));
            } finally {
                tty = terminal;
            }
            if (!last) {
                in = new ByteArrayInputStream(captured.toByteArray());
            }
        }
        return code;
    }

    private int simple(ShellSyntax.Simple cmd, Io io) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        Map<String, String> assignments = new LinkedHashMap<>();
        boolean leading = true;
        for (String word : cmd.words()) {
            int eq = word.indexOf('=');
            if (leading && eq > 0 && word.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_]*")) {
                assignments.put(word.substring(0, eq), String.join(" ", expand(word.substring(eq + 1))));
                continue;
            }
            leading = false;
            argv.addAll(expand(word));
        }
        Io redirected = io;
        List<Runnable> finish = new ArrayList<>();
        for (ShellSyntax.Redirect r : cmd.redirects()) {
            redirected = redirect(r, redirected, io, finish);
            if (redirected == null) {
                return 1;
            }
        }
        try {
            if (argv.isEmpty()) {
                vars.putAll(assignments);
                return 0;
            }
            Map<String, String> saved = new LinkedHashMap<>(vars);
            vars.putAll(assignments);
            try {
                return Commands.run(this, argv, redirected);
            } finally {
                if (!assignments.isEmpty()) {
                    vars.clear();
                    vars.putAll(saved);
                }
            }
        } finally {
            finish.forEach(Runnable::run);
        }
    }

    private Io redirect(ShellSyntax.Redirect r, Io current, Io original, List<Runnable> finish) throws IOException, InterruptedException {
        if (r.toFd() >= 0) {
            OutputStream to = r.toFd() == 1 ? current.out() : current.err();
            return r.fd() == 2 ? current.withErr(to) : current.withOut(to);
        }
        String target = String.join(" ", expand(r.target()));
        String path = ContainerFiles.normalize(target, cwd);
        if (r.fd() == 0) {
            byte[] content = container.files.read(path);
            if (content == null) {
                original.error("sh: can't open '" + target + "': No such file or directory\n");
                return null;
            }
            return current.withIn(new ByteArrayInputStream(content));
        }
        String problem = container.files.write(path, new byte[0], r.append());
        if (problem != null) {
            original.error("sh: can't create " + target + ": " + problem + "\n");
            return null;
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        finish.add(() -> container.files.write(path, buffer.toByteArray(), true));
        return r.fd() == 2 ? current.withErr(buffer) : current.withOut(buffer);
    }

    // ------------------------------------------------------------------ expansion

    /** Quote removal, parameter expansion ({@code $X}, {@code ${X}}, {@code $?}), command substitution, field splitting. */
    List<String> expand(String raw) throws IOException, InterruptedException {
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean word = false;
        int n = raw.length();
        for (int i = 0; i < n; i++) {
            char c = raw.charAt(i);
            if (c == '\'') {
                int end = raw.indexOf('\'', i + 1);
                cur.append(raw, i + 1, end);
                word = true;
                i = end;
            } else if (c == '"') {
                word = true;
                int j = i + 1;
                while (j < n && raw.charAt(j) != '"') {
                    char d = raw.charAt(j);
                    if (d == '\\' && j + 1 < n && "$`\"\\\n".indexOf(raw.charAt(j + 1)) >= 0) {
                        cur.append(raw.charAt(j + 1));
                        j += 2;
                    } else if (d == '$' || d == '`') {
                        int[] end = new int[1];
                        cur.append(dollar(raw, j, end));
                        j = end[0] + 1;
                    } else {
                        cur.append(d);
                        j++;
                    }
                }
                i = j;
            } else if (c == '\\' && i + 1 < n) {
                cur.append(raw.charAt(++i));
                word = true;
            } else if (c == '$' || c == '`') {
                int[] end = new int[1];
                String value = dollar(raw, i, end);
                i = end[0];
                String[] parts = value.split("[ \t\n]+", -1);
                for (int k = 0; k < parts.length; k++) {
                    if (k > 0 && (!cur.isEmpty() || word)) {
                        fields.add(cur.toString());
                        cur.setLength(0);
                        word = false;
                    }
                    cur.append(parts[k]);
                }
                word |= !cur.isEmpty();
            } else if (c == '~' && i == 0 && (n == 1 || raw.charAt(1) == '/')) {
                cur.append(vars.getOrDefault("HOME", "/root"));
                word = true;
            } else {
                cur.append(c);
                word = true;
            }
        }
        if (!cur.isEmpty() || word) {
            fields.add(cur.toString());
        }
        return fields;
    }

    /** The value of the {@code $…} or backquote form starting at {@code i}; {@code end[0]} gets its last index. */
    private String dollar(String raw, int i, int[] end) throws IOException, InterruptedException {
        int n = raw.length();
        if (raw.charAt(i) == '`') {
            int close = raw.indexOf('`', i + 1);
            end[0] = close;
            return substitute(raw.substring(i + 1, close));
        }
        if (i + 1 >= n) {
            end[0] = i;
            return "$";
        }
        char c = raw.charAt(i + 1);
        if (c == '(') {
            int close;
            try {
                close = ShellSyntax.matchingParen(raw, i + 1);
            } catch (ShellSyntax.SyntaxError e) {
                end[0] = n - 1;
                return "";
            }
            end[0] = close;
            return substitute(raw.substring(i + 2, close));
        }
        if (c == '{') {
            int close = raw.indexOf('}', i + 2);
            end[0] = close < 0 ? n - 1 : close;
            String name = close < 0 ? raw.substring(i + 2) : raw.substring(i + 2, close);
            int dflt = name.indexOf(":-");
            if (dflt > 0) {
                String v = vars.getOrDefault(name.substring(0, dflt), "");
                return v.isEmpty() ? name.substring(dflt + 2) : v;
            }
            return special(name);
        }
        if (c == '?' || c == '$' || c == '#' || c == '0' || c == '!') {
            end[0] = i + 1;
            return special(String.valueOf(c));
        }
        int j = i + 1;
        while (j < n && (Character.isLetterOrDigit(raw.charAt(j)) || raw.charAt(j) == '_')) {
            j++;
        }
        if (j == i + 1) {
            end[0] = i;
            return "$";
        }
        end[0] = j - 1;
        return vars.getOrDefault(raw.substring(i + 1, j), "");
    }

    private String special(String name) {
        return switch (name) {
            case "?" -> Integer.toString(status);
            case "$" -> "1";
            case "#" -> "0";
            case "0" -> "sh";
            case "!" -> "";
            default -> vars.getOrDefault(name, "");
        };
    }

    private String substitute(String script) throws IOException, InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Shell sub = child();
        sub.script(script, new Io(InputStream.nullInputStream(), out, OutputStream.nullOutputStream()));
        return out.toString(StandardCharsets.UTF_8).replaceAll("\n+$", "");
    }

    /** Reads stdin line by line and runs each as it comes (a shell reading commands from a pipe). */
    int readCommands(Io io) throws IOException, InterruptedException {
        StringBuilder line = new StringBuilder();
        try {
            int b;
            while ((b = io.in().read()) >= 0) {
                if (b == '\n') {
                    run(line.toString(), io);
                    line.setLength(0);
                } else {
                    line.append((char) b);
                }
            }
            if (!line.isEmpty()) {
                run(line.toString(), io);
            }
            return status;
        } catch (Exit e) {
            return e.code;
        } catch (InterruptedIOException e) {
            throw new InterruptedException("stopped");
        }
    }
}
