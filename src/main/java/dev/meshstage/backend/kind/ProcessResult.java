package dev.meshstage.backend.kind;

import java.util.List;

/** What a finished process did: its exit code and its output, line by line. */
public record ProcessResult(List<String> command, int exitCode, List<String> stdout, List<String> stderr) {

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** The last non-blank line of stderr, else of stdout: where CLI tools put their reason for failing. */
    public String lastErrorLine() {
        String line = lastNonBlank(stderr);
        return line.isEmpty() ? lastNonBlank(stdout) : line;
    }

    public String commandLine() {
        return ProcessRunner.commandLine(command);
    }

    private static String lastNonBlank(List<String> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i).strip();
            }
        }
        return "";
    }
}
