package dev.meshstage.command;

import java.util.List;

/**
 * Command lines that need the terminal of the process the person typed them in: the live dashboard draws on it
 * with Lanterna, so on the sim backend it runs in the shell (or the one-shot process), not in the home's server,
 * which has no terminal. It reads the clusters there through the kubeconfig, as any client does.
 */
public final class TerminalLines {

    private TerminalLines() {
    }

    public static boolean needsTerminal(String line) {
        return needsTerminal(List.of(line.strip().split("\\s+")));
    }

    public static boolean needsTerminal(List<String> words) {
        return !words.isEmpty() && words.get(0).equals("dashboard")
                && words.stream().noneMatch(w -> w.equals("--once") || w.startsWith("--once=") || w.equals("--help") || w.equals("-h"));
    }
}
