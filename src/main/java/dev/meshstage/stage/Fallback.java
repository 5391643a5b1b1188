package dev.meshstage.stage;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** When the transcript's recorded output is shown instead of the live command's. */
public enum Fallback {
    /** when the live command fails or runs past its time limit */
    AUTO,
    /** never: a failure is shown as it is */
    NEVER,
    /** always: nothing runs (no network, no Docker) */
    ALWAYS;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static Fallback parse(String value) {
        for (Fallback f : values()) {
            if (f.word().equals(value)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown --fallback '" + value + "': use "
                + Arrays.stream(values()).map(Fallback::word).collect(Collectors.joining(", ")));
    }
}
