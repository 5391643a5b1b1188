package dev.meshstage.stage;

/** The keys the player acts on while a command waits; any other key is {@link #OTHER} and ignored. */
public enum Key {
    /** run the command (finishing its typing first) */
    ENTER,
    /** finish typing the command */
    SPACE,
    /** skip the command */
    SKIP,
    /** run the previous command again */
    REPEAT,
    /** a live prompt until {@code resume} */
    LIVE,
    /** stop the replay */
    QUIT,
    OTHER;

    public static Key of(int ch) {
        return switch (ch) {
            case '\r', '\n' -> ENTER;
            case ' ' -> SPACE;
            case 's', 'S' -> SKIP;
            case 'r', 'R' -> REPEAT;
            case 'l', 'L' -> LIVE;
            case 'q', 'Q' -> QUIT;
            default -> OTHER;
        };
    }
}
