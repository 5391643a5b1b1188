package dev.meshstage.stage;

import java.time.Duration;
import java.util.List;

/**
 * One command of a recorded session.
 *
 * @param output what it printed, plain, with an {@code error: …} line last when it failed
 */
public record RecordedCommand(String line, List<String> output, Duration took) {
}
