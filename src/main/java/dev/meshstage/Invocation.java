package dev.meshstage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How meshstage was started: the global options (read before Spring starts, so they never reach Spring's
 * own argument handling) and what to run — the interactive shell, one command, or a script.
 *
 * <pre>
 * meshstage [--backend sim|kind] [--workshop DIR] [--home DIR] [--debug] [--script FILE | command words…]
 * </pre>
 */
public record Invocation(Mode mode, String backend, Path workshop, Path home, boolean debug, Path script,
        List<String> command) {

    /** EMBEDDED: started by another program (tests, transcript verification) that feeds commands itself. */
    public enum Mode { INTERACTIVE, COMMAND, SCRIPT, EMBEDDED }

    public static Invocation embedded(String backend, Path workshop, Path home) {
        return new Invocation(Mode.EMBEDDED, backend, workshop, home.toAbsolutePath(), false, null, List.of());
    }

    /** @throws IllegalArgumentException with a one-line message for bad global options */
    public static Invocation parse(String[] args, Map<String, String> env) {
        String backend = env.getOrDefault("MESHSTAGE_BACKEND", "sim");
        String workshop = env.get("MESHSTAGE_WORKSHOP");
        String home = env.get("MESHSTAGE_HOME");
        boolean debug = "1".equals(env.get("MESHSTAGE_DEBUG")) || "true".equals(env.get("MESHSTAGE_DEBUG"));
        String script = null;
        List<String> command = new ArrayList<>();
        int i = 0;
        // global options come before the command words; after the first command word everything is the command's
        while (i < args.length && command.isEmpty()) {
            String a = args[i];
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            switch (name) {
                case "--backend", "--workshop", "--home", "--script" -> {
                    String value;
                    if (a.contains("=")) {
                        value = a.substring(a.indexOf('=') + 1);
                    } else if (i + 1 < args.length) {
                        value = args[++i];
                    } else {
                        throw new IllegalArgumentException("option " + name + " needs a value");
                    }
                    switch (name) {
                        case "--backend" -> backend = value;
                        case "--workshop" -> workshop = value;
                        case "--home" -> home = value;
                        default -> script = value;
                    }
                }
                case "--debug" -> debug = true;
                default -> command.add(a);
            }
            i++;
        }
        while (i < args.length) {
            command.add(args[i++]);
        }
        if (!backend.equals("sim") && !backend.equals("kind")) {
            throw new IllegalArgumentException("unknown backend '" + backend + "': use --backend sim or --backend kind");
        }
        if (script != null && !command.isEmpty()) {
            throw new IllegalArgumentException("give either --script FILE or a command, not both");
        }
        Path homePath = home != null ? Path.of(home)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".meshstage");
        Mode mode = script != null ? Mode.SCRIPT : command.isEmpty() ? Mode.INTERACTIVE : Mode.COMMAND;
        return new Invocation(mode, backend, workshop == null ? null : Path.of(workshop), homePath.toAbsolutePath(),
                debug, script == null ? null : Path.of(script), List.copyOf(command));
    }
}
