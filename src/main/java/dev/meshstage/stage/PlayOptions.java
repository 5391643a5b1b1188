package dev.meshstage.stage;

import java.time.Duration;

/**
 * How a transcript is played.
 *
 * @param from    the heading to start at, or null for the beginning
 * @param speed   typing speed in characters a second (until a {@code <!-- speed -->} directive)
 * @param noWait  no typing, pauses or waits for Enter (rehearsal, CI)
 * @param timeout a command's time limit (until a {@code <!-- timeout -->} directive)
 * @param width   the terminal's width, for wrapping the narration
 */
public record PlayOptions(String from, int speed, boolean noWait, Fallback fallback, Duration timeout, int width,
        Style style) {

    public static final int DEFAULT_SPEED = 25;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(300);

    public PlayOptions {
        if (speed < 1 || speed > 1000) {
            throw new IllegalArgumentException("--speed " + speed + " is out of range: give 1 to 1000 characters a second");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("--timeout must be a positive number of seconds");
        }
        width = Math.max(20, width);
    }
}
