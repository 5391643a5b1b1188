package dev.meshstage.backend.sim.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The commands of the simulated containers, busybox-style: the shell built-ins, the file and process tools a
 * demo or a troubleshooting session uses, and (in {@link NetworkCommands}, {@link TarCommand}) the network
 * tools and tar. Anything else is {@code not found} with exit code 127, as a shell says it.
 */
final class Commands {

    @FunctionalInterface
    interface Command {
        int run(Shell sh, List<String> args, Io io) throws IOException, InterruptedException;
    }

    private static final Map<String, Command> ALL = new TreeMap<>();

    static {
        ALL.put("sh", Commands::sh);
        ALL.put("ash", Commands::sh);
        ALL.put("bash", Commands::sh);
        ALL.put("echo", Commands::echo);
        ALL.put("printf", Commands::printf);
        ALL.put("true", (sh, a, io) -> 0);
        ALL.put(":", (sh, a, io) -> 0);
        ALL.put("false", (sh, a, io) -> 1);
        ALL.put("exit", Commands::exit);
        ALL.put("cd", Commands::cd);
        ALL.put("pwd", (sh, a, io) -> print(io, sh.cwd + "\n"));
        ALL.put("export", Commands::export);
        ALL.put("unset", (sh, a, io) -> {
            a.forEach(sh.vars::remove);
            return 0;
        });
        ALL.put("env", Commands::env);
        ALL.put("printenv", Commands::printenv);
        ALL.put("hostname", (sh, a, io) -> print(io, sh.container.env.getOrDefault("HOSTNAME", sh.container.pod) + "\n"));
        ALL.put("whoami", (sh, a, io) -> print(io, "root\n"));
        ALL.put("id", (sh, a, io) -> print(io, "uid=0(root) gid=0(root) groups=0(root)\n"));
        ALL.put("uname", Commands::uname);
        ALL.put("date", (sh, a, io) -> print(io, DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss 'UTC' yyyy", Locale.ROOT)
                .withZone(ZoneOffset.UTC).format(sh.container.clock.get().plusMillis(sh.time.virtual ? sh.time.elapsedMillis : 0)) + "\n"));
        ALL.put("sleep", Commands::sleep);
        ALL.put("cat", Commands::cat);
        ALL.put("ls", Commands::ls);
        ALL.put("mkdir", Commands::mkdir);
        ALL.put("touch", Commands::touch);
        ALL.put("rm", Commands::rm);
        ALL.put("head", (sh, a, io) -> headTail(sh, a, io, true));
        ALL.put("tail", (sh, a, io) -> headTail(sh, a, io, false));
        ALL.put("wc", Commands::wc);
        ALL.put("grep", Commands::grep);
        ALL.put("ps", Commands::ps);
        ALL.put("which", Commands::which);
        ALL.put("nslookup", NetworkCommands::nslookup);
        ALL.put("getent", NetworkCommands::getent);
        ALL.put("curl", NetworkCommands::curl);
        ALL.put("wget", NetworkCommands::wget);
        ALL.put("tar", TarCommand::tar);
    }

    private Commands() {
    }

    /** The names that exist as programs in {@code /bin} (pilot-agent only in Istio's proxy image). */
    static List<String> binaries() {
        return List.copyOf(ALL.keySet()).stream().filter(n -> !n.equals(":")).toList();
    }

    /** Runs a command by name or path ({@code /bin/sh}); 127 and the shell's message when there is none. */
    static int run(Shell sh, List<String> argv, Io io) throws IOException, InterruptedException {
        String name = argv.get(0);
        String base = name.contains("/") ? ContainerFiles.baseName(name) : name;
        Command c = ALL.get(base);
        if (c == null && base.equals("pilot-agent") && sh.container.istioProxy()) {
            c = NetworkCommands::pilotAgent;
        }
        if (c == null || name.contains("/") && !sh.container.files.exists(ContainerFiles.normalize(name, sh.cwd))
                && !name.startsWith("/usr/") && !name.startsWith("/bin/") && !name.startsWith("/sbin/")) {
            io.error("sh: " + name + ": not found\n");
            return 127;
        }
        int pid = sh.container.processes.start(String.join(" ", argv));
        try {
            return c.run(sh, argv.subList(1, argv.size()), io);
        } finally {
            sh.container.processes.end(pid);
        }
    }

    static boolean exists(String name) {
        return ALL.containsKey(name);
    }

    static int print(Io io, String s) throws IOException {
        io.print(s);
        return 0;
    }

    // ------------------------------------------------------------------ shell

    private static int sh(Shell sh, List<String> args, Io io) throws IOException, InterruptedException {
        Shell child = sh.child();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-c")) {
                if (i + 1 >= args.size()) {
                    io.error("sh: -c requires an argument\n");
                    return 2;
                }
                return child.script(args.get(i + 1), io);
            }
            if (!a.startsWith("-")) {
                byte[] file = sh.container.files.read(ContainerFiles.normalize(a, sh.cwd));
                if (file == null) {
                    io.error("sh: can't open '" + a + "': No such file or directory\n");
                    return 127;
                }
                return child.script(new String(file, StandardCharsets.UTF_8), io);
            }
        }
        return child.readCommands(io);
    }

    private static int exit(Shell sh, List<String> args, Io io) throws IOException {
        int code = sh.status;
        if (!args.isEmpty()) {
            try {
                code = Integer.parseInt(args.get(0)) & 0xFF;
            } catch (NumberFormatException e) {
                io.error("sh: exit: Illegal number: " + args.get(0) + "\n");
                code = 2;
            }
        }
        throw new Shell.Exit(code);
    }

    private static int cd(Shell sh, List<String> args, Io io) throws IOException {
        String target = args.isEmpty() ? sh.vars.getOrDefault("HOME", "/root") : args.get(0);
        String path = ContainerFiles.normalize(target, sh.cwd);
        if (!sh.container.files.isDirectory(path)) {
            io.error("sh: cd: can't cd to " + target + ": No such file or directory\n");
            return 2;
        }
        sh.cwd = path;
        sh.vars.put("PWD", path);
        return 0;
    }

    private static int export(Shell sh, List<String> args, Io io) throws IOException {
        if (args.isEmpty() || args.equals(List.of("-p"))) {
            StringBuilder b = new StringBuilder();
            sh.vars.forEach((k, v) -> b.append("export ").append(k).append("='").append(v.replace("'", "'\"'\"'")).append("'\n"));
            return print(io, b.toString());
        }
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq > 0) {
                sh.vars.put(a.substring(0, eq), a.substring(eq + 1));
            }
        }
        return 0;
    }

    private static int env(Shell sh, List<String> args, Io io) throws IOException, InterruptedException {
        List<String> rest = new ArrayList<>(args);
        Map<String, String> saved = new java.util.LinkedHashMap<>(sh.vars);
        while (!rest.isEmpty() && rest.get(0).contains("=")) {
            String a = rest.remove(0);
            sh.vars.put(a.substring(0, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        try {
            if (!rest.isEmpty()) {
                return run(sh, rest, io);
            }
            StringBuilder b = new StringBuilder();
            sh.vars.forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
            return print(io, b.toString());
        } finally {
            sh.vars.clear();
            sh.vars.putAll(saved);
        }
    }

    private static int printenv(Shell sh, List<String> args, Io io) throws IOException, InterruptedException {
        if (args.isEmpty()) {
            return env(sh, args, io);
        }
        int code = 0;
        for (String a : args) {
            String v = sh.vars.get(a);
            if (v == null) {
                code = 1;
            } else {
                io.print(v + "\n");
            }
        }
        return code;
    }

    private static int echo(Shell sh, List<String> args, Io io) throws IOException {
        boolean newline = true;
        boolean escapes = false;
        int i = 0;
        while (i < args.size() && args.get(i).matches("-[neE]+")) {
            newline &= !args.get(i).contains("n");
            escapes |= args.get(i).contains("e");
            i++;
        }
        String s = String.join(" ", args.subList(i, args.size()));
        if (escapes) {
            s = s.replace("\\n", "\n").replace("\\t", "\t");
        }
        return print(io, newline ? s + "\n" : s);
    }

    private static int printf(Shell sh, List<String> args, Io io) throws IOException {
        if (args.isEmpty()) {
            io.error("printf: usage: printf FORMAT [ARGUMENT...]\n");
            return 1;
        }
        String format = args.get(0).replace("\\n", "\n").replace("\\t", "\t");
        List<String> values = args.subList(1, args.size());
        StringBuilder out = new StringBuilder();
        int v = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c == '%' && i + 1 < format.length()) {
                char f = format.charAt(++i);
                if (f == '%') {
                    out.append('%');
                } else {
                    out.append(v < values.size() ? values.get(v++) : "");
                }
            } else {
                out.append(c);
            }
        }
        return print(io, out.toString());
    }

    private static int uname(Shell sh, List<String> args, Io io) throws IOException {
        String all = "Linux " + sh.container.pod + " 6.8.0-meshstage-sim #1 SMP x86_64 GNU/Linux";
        return print(io, (args.contains("-a") ? all : args.contains("-r") ? "6.8.0-meshstage-sim"
                : args.contains("-m") ? "x86_64" : args.contains("-n") ? sh.container.pod : "Linux") + "\n");
    }

    private static int sleep(Shell sh, List<String> args, Io io) throws IOException, InterruptedException {
        if (args.isEmpty()) {
            io.error("sleep: missing operand\n");
            return 1;
        }
        String a = args.get(0);
        double seconds;
        try {
            if (a.equals("infinity")) {
                seconds = Double.MAX_VALUE;
            } else {
                char unit = a.charAt(a.length() - 1);
                double n = Double.parseDouble(Character.isLetter(unit) ? a.substring(0, a.length() - 1) : a);
                seconds = switch (unit) {
                    case 'm' -> n * 60;
                    case 'h' -> n * 3600;
                    case 'd' -> n * 86400;
                    default -> n;
                };
            }
        } catch (NumberFormatException e) {
            io.error("sleep: invalid number '" + a + "'\n");
            return 1;
        }
        if (sh.time.virtual) {
            if (seconds >= 86_400 * 365) {
                throw new Shell.Forever();
            }
            sh.time.elapsedMillis += (long) (seconds * 1000);
            return 0;
        }
        Thread.sleep((long) Math.min(seconds * 1000, Long.MAX_VALUE / 2));
        return 0;
    }

    // ------------------------------------------------------------------ files

    private static int cat(Shell sh, List<String> args, Io io) throws IOException {
        List<String> files = args.stream().filter(a -> !a.startsWith("-") || a.equals("-")).toList();
        if (files.isEmpty()) {
            io.in().transferTo(io.out());
            io.out().flush();
            return 0;
        }
        int code = 0;
        for (String f : files) {
            if (f.equals("-")) {
                io.in().transferTo(io.out());
                continue;
            }
            String path = ContainerFiles.normalize(f, sh.cwd);
            byte[] content = sh.container.files.read(path);
            if (content == null) {
                io.error("cat: can't open '" + f + "': " + (sh.container.files.isDirectory(path) ? "Is a directory" : "No such file or directory") + "\n");
                code = 1;
                continue;
            }
            io.out().write(content);
        }
        io.out().flush();
        return code;
    }

    private static int ls(Shell sh, List<String> args, Io io) throws IOException {
        boolean longFormat = args.stream().anyMatch(a -> a.startsWith("-") && a.contains("l"));
        boolean all = args.stream().anyMatch(a -> a.startsWith("-") && a.contains("a"));
        boolean onePerLine = longFormat || !sh.tty || args.stream().anyMatch(a -> a.startsWith("-") && a.contains("1"));
        List<String> targets = args.stream().filter(a -> !a.startsWith("-")).toList();
        if (targets.isEmpty()) {
            targets = List.of(".");
        }
        int code = 0;
        StringBuilder out = new StringBuilder();
        for (String t : targets) {
            String path = ContainerFiles.normalize(t, sh.cwd);
            ContainerFiles files = sh.container.files;
            if (!files.exists(path)) {
                io.error("ls: " + t + ": No such file or directory\n");
                code = 1;
                continue;
            }
            List<String> names = files.isDirectory(path) ? new ArrayList<>(files.list(path)) : List.of(t);
            if (all && files.isDirectory(path)) {
                names.add(0, "..");
                names.add(0, ".");
            }
            if (targets.size() > 1 && files.isDirectory(path)) {
                out.append(t).append(":\n");
            }
            for (String name : names) {
                String full = files.isDirectory(path) ? ContainerFiles.normalize(name, path) : path;
                if (longFormat) {
                    boolean dir = files.isDirectory(full);
                    byte[] content = dir ? null : files.read(full);
                    out.append(String.format(Locale.ROOT, "%s    1 root     root     %8d Jan  1 00:00 %s%n",
                            dir ? "drwxr-xr-x" : "-rw-r--r--", dir ? 4096 : content == null ? 0 : content.length, name));
                } else {
                    out.append(name).append(onePerLine ? "\n" : "  ");
                }
            }
            if (!onePerLine && !names.isEmpty()) {
                out.setLength(out.length() - 2);
                out.append('\n');
            }
        }
        io.print(out.toString());
        return code;
    }

    private static int mkdir(Shell sh, List<String> args, Io io) throws IOException {
        boolean parents = args.contains("-p");
        int code = 0;
        for (String a : args) {
            if (a.startsWith("-")) {
                continue;
            }
            String problem = sh.container.files.mkdir(ContainerFiles.normalize(a, sh.cwd), parents);
            if (problem != null) {
                io.error("mkdir: can't create directory '" + a + "': " + problem + "\n");
                code = 1;
            }
        }
        return code;
    }

    private static int touch(Shell sh, List<String> args, Io io) throws IOException {
        int code = 0;
        for (String a : args) {
            if (!a.startsWith("-")) {
                String problem = sh.container.files.write(ContainerFiles.normalize(a, sh.cwd), new byte[0], true);
                if (problem != null) {
                    io.error("touch: " + a + ": " + problem + "\n");
                    code = 1;
                }
            }
        }
        return code;
    }

    private static int rm(Shell sh, List<String> args, Io io) throws IOException {
        boolean recursive = args.stream().anyMatch(a -> a.startsWith("-") && (a.contains("r") || a.contains("R")));
        boolean force = args.stream().anyMatch(a -> a.startsWith("-") && a.contains("f"));
        int code = 0;
        for (String a : args) {
            if (a.startsWith("-")) {
                continue;
            }
            String problem = sh.container.files.remove(ContainerFiles.normalize(a, sh.cwd), recursive);
            if (problem != null && !(force && problem.startsWith("No such"))) {
                io.error("rm: can't remove '" + a + "': " + problem + "\n");
                code = 1;
            }
        }
        return code;
    }

    private static String input(Shell sh, List<String> files, Io io) throws IOException {
        if (files.isEmpty()) {
            return new String(io.in().readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder b = new StringBuilder();
        for (String f : files) {
            byte[] c = sh.container.files.read(ContainerFiles.normalize(f, sh.cwd));
            if (c == null) {
                throw new IOException(f + ": No such file or directory");
            }
            b.append(new String(c, StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    private static int headTail(Shell sh, List<String> args, Io io, boolean head) throws IOException {
        int n = 10;
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-n") && i + 1 < args.size()) {
                n = Integer.parseInt(args.get(++i).replace("+", ""));
            } else if (a.matches("-\\d+")) {
                n = Integer.parseInt(a.substring(1));
            } else if (!a.startsWith("-")) {
                files.add(a);
            }
        }
        String text;
        try {
            text = input(sh, files, io);
        } catch (IOException e) {
            io.error((head ? "head: " : "tail: ") + e.getMessage() + "\n");
            return 1;
        }
        List<String> lines = text.lines().toList();
        List<String> pick = head ? lines.subList(0, Math.min(n, lines.size())) : lines.subList(Math.max(0, lines.size() - n), lines.size());
        return print(io, pick.isEmpty() ? "" : String.join("\n", pick) + "\n");
    }

    private static int wc(Shell sh, List<String> args, Io io) throws IOException {
        List<String> files = args.stream().filter(a -> !a.startsWith("-")).toList();
        String text;
        try {
            text = input(sh, files, io);
        } catch (IOException e) {
            io.error("wc: " + e.getMessage() + "\n");
            return 1;
        }
        long lines = text.chars().filter(c -> c == '\n').count();
        long words = text.isBlank() ? 0 : text.trim().split("\\s+").length;
        long bytes = text.getBytes(StandardCharsets.UTF_8).length;
        String suffix = files.isEmpty() ? "" : " " + String.join(" ", files);
        if (args.contains("-l")) {
            return print(io, lines + suffix + "\n");
        }
        if (args.contains("-c")) {
            return print(io, bytes + suffix + "\n");
        }
        if (args.contains("-w")) {
            return print(io, words + suffix + "\n");
        }
        return print(io, String.format(Locale.ROOT, "%7d %7d %7d%s%n", lines, words, bytes, suffix));
    }

    private static int grep(Shell sh, List<String> args, Io io) throws IOException {
        boolean ignoreCase = false;
        boolean invert = false;
        boolean count = false;
        boolean quiet = false;
        String pattern = null;
        List<String> files = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("-") && pattern == null && a.length() > 1) {
                ignoreCase |= a.contains("i");
                invert |= a.contains("v");
                count |= a.contains("c");
                quiet |= a.contains("q");
            } else if (pattern == null) {
                pattern = a;
            } else {
                files.add(a);
            }
        }
        if (pattern == null) {
            io.error("Usage: grep [-ivcq] PATTERN [FILE]...\n");
            return 2;
        }
        String text;
        try {
            text = input(sh, files, io);
        } catch (IOException e) {
            io.error("grep: " + e.getMessage() + "\n");
            return 2;
        }
        java.util.regex.Pattern re;
        try {
            re = java.util.regex.Pattern.compile(pattern, ignoreCase ? java.util.regex.Pattern.CASE_INSENSITIVE : 0);
        } catch (java.util.regex.PatternSyntaxException e) {
            re = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(pattern), ignoreCase ? java.util.regex.Pattern.CASE_INSENSITIVE : 0);
        }
        StringBuilder out = new StringBuilder();
        int matched = 0;
        for (String line : text.lines().toList()) {
            if (re.matcher(line).find() != invert) {
                matched++;
                out.append(line).append('\n');
            }
        }
        if (!quiet) {
            io.print(count ? matched + "\n" : out.toString());
        }
        return matched > 0 ? 0 : 1;
    }

    private static int ps(Shell sh, List<String> args, Io io) throws IOException {
        StringBuilder out = new StringBuilder("PID   USER     TIME  COMMAND\n");
        out.append(String.format(Locale.ROOT, "%5d %-8s %5s %s%n", 1, "root", "0:00", sh.container.mainCommand()));
        for (Container.Processes.Entry e : sh.container.processes.list()) {
            out.append(String.format(Locale.ROOT, "%5d %-8s %5s %s%n", e.pid(), "root", "0:00", e.command()));
        }
        return print(io, out.toString());
    }

    private static int which(Shell sh, List<String> args, Io io) throws IOException {
        int code = 0;
        for (String a : args) {
            if (ALL.containsKey(a) || a.equals("pilot-agent") && sh.container.istioProxy()) {
                io.print((a.equals("pilot-agent") ? "/usr/local/bin/" : "/bin/") + a + "\n");
            } else {
                code = 1;
            }
        }
        return code;
    }
}
