package dev.meshstage.transcript;

import java.nio.file.Path;
import java.util.List;

/**
 * A transcript: Markdown prose with fenced {@code meshstage} blocks holding commands (lines starting with
 * the prompt {@code meshstage:> }) and the output expected after each. In expected output a line
 * {@code ...} stands for any number of lines and {@code [..]} inside a line for any text.
 *
 * @param lines the file's lines, kept so an update can rewrite only the expectations
 */
public record Transcript(Path file, List<String> lines, List<Step> steps) {

    /**
     * One command and what it should print.
     *
     * @param commandLine    line index (0-based) of the command in the file
     * @param expectedFrom   first line index of the expected output
     * @param expectedTo     line index after the last expected output line
     */
    public record Step(String command, List<String> expected, int commandLine, int expectedFrom, int expectedTo) {
    }
}
