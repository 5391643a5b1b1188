package dev.meshstage.stage;

/**
 * How long each character of a command takes to appear: about {@code 1/cps} seconds, unevenly as a person
 * types (spaces and the first character a little slower), yet the same every time for the same command, so
 * replays on a virtual clock are deterministic.
 */
public final class TypingRhythm {

    private TypingRhythm() {
    }

    /** Milliseconds before character {@code index} of {@code command} appears. */
    public static long delayMillis(String command, int index, int cps) {
        double base = 1000.0 / cps;
        long h = (command.hashCode() * 0x9E3779B97F4A7C15L) ^ (index * 0xC2B2AE3D27D4EB4FL);
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        double jitter = 0.55 + ((h >>> 11) % 1000) / 1000.0; // 0.55 .. 1.55
        char c = index < command.length() ? command.charAt(index) : ' ';
        double slower = index == 0 ? 2.0 : c == ' ' || c == '-' ? 1.4 : 1.0;
        return Math.max(1, Math.round(base * jitter * slower));
    }
}
