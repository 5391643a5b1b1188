package dev.meshstage.backend.sim.table;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Human-readable durations with the rules of apimachinery {@code util/duration.HumanDuration}. */
public final class Durations {
    private Durations() {
    }

    /**
     * {@code 5s}, {@code 3m20s}, {@code 15m}, {@code 5h3m}, {@code 20h}, {@code 2d3h}, {@code 30d},
     * {@code 2y10d}, {@code 9y}; {@code 0s} for up to one second in the future, {@code <invalid>} beyond.
     */
    public static String humanDuration(Duration d) {
        long seconds = d.getSeconds() + (d.isNegative() && d.getNano() > 0 ? 1 : 0); // truncate toward zero
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        } else if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = seconds / 3600;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? (hours / 24) + "d" : (hours / 24) + "d" + h + "h";
        } else if (hours < 24 * 365 * 2) {
            return (hours / 24) + "d";
        } else if (hours < 24 * 365 * 8) {
            long dy = (hours / 24) % 365;
            return dy == 0 ? (hours / 24 / 365) + "y" : (hours / 24 / 365) + "y" + dy + "d";
        }
        return (hours / 24 / 365) + "y";
    }

    /** Age of an RFC 3339 timestamp at {@code now}; {@code <unknown>} when absent or unparsable. */
    public static String since(String rfc3339, Instant now) {
        Instant t = parse(rfc3339);
        return t == null ? "<unknown>" : humanDuration(Duration.between(t, now));
    }

    /** Parses an RFC 3339 timestamp (also with fractional seconds), or null. */
    public static Instant parse(String rfc3339) {
        if (rfc3339 == null || rfc3339.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(rfc3339).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
