package dev.meshstage.command;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code --script FILE}: its lines one after the other, stopping at the first that fails. Exit status 0 when
 * all succeed, 1 at a failing line (named), 2 when the file cannot be read. Plain Java: the quick client and
 * the shell run scripts alike.
 */
public final class ScriptFile {

    private ScriptFile() {
    }

    /** @param runLine runs one line (printing its own error) and says whether it succeeded */
    public static int run(Path script, Predicate<String> runLine, PrintStream err) {
        List<String> lines;
        try {
            lines = Files.readAllLines(script, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            err.println("error: script " + script + " does not exist");
            return 2;
        } catch (IOException e) {
            err.println("error: cannot read script " + script + ": " + e.getMessage());
            return 2;
        }
        int n = 0;
        for (String line : lines) {
            n++;
            if (!runLine.test(line)) {
                err.println("error: stopped at line " + n + " of " + script);
                return 1;
            }
        }
        return 0;
    }
}
