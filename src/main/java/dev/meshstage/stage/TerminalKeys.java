package dev.meshstage.stage;

import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.utils.NonBlockingReader;

import java.io.IOException;
import java.util.Optional;

/**
 * Keys from the JLine terminal the command runs in, one at a time without Enter (raw mode while the replay
 * holds them), on the wall clock. The terminal stays the shell's: {@link #close} gives its mode back, and
 * {@link #pauseRaw} does so while the live prompt reads lines.
 */
public final class TerminalKeys implements Stage.Keys, AutoCloseable {

    private final Terminal terminal;
    private final long origin = System.nanoTime();
    private Attributes saved;

    public TerminalKeys(Terminal terminal) {
        this.terminal = terminal;
        this.saved = raw(terminal);
    }

    /**
     * JLine's raw mode keeps ISIG, so Ctrl-C would be a SIGINT that ends the whole shell; here it is a key (quit
     * the replay, back at the prompt) — and one pressed while a command runs is dropped like any other.
     */
    private static Attributes raw(Terminal terminal) {
        Attributes before = terminal.enterRawMode();
        Attributes keys = terminal.getAttributes();
        keys.setLocalFlag(Attributes.LocalFlag.ISIG, false);
        terminal.setAttributes(keys);
        return before;
    }

    @Override
    public long now() {
        return (System.nanoTime() - origin) / 1_000_000;
    }

    @Override
    public Optional<Key> next(long deadline) {
        NonBlockingReader reader = terminal.reader();
        try {
            while (true) {
                long wait = deadline == Long.MAX_VALUE ? 0 : deadline - now();
                if (deadline != Long.MAX_VALUE && wait <= 0) {
                    return Optional.empty();
                }
                int c = deadline == Long.MAX_VALUE ? reader.read() : reader.read(wait);
                if (c == NonBlockingReader.READ_EXPIRED) {
                    return Optional.empty();
                }
                if (c < 0) {
                    return Optional.of(Key.QUIT); // the terminal went away
                }
                if (c == 3 || c == 4) {
                    return Optional.of(Key.QUIT); // Ctrl-C, Ctrl-D
                }
                if (c == 27) {
                    drainEscapeSequence(reader); // arrow keys and the like: not ours
                    continue;
                }
                return Optional.of(Key.of(c));
            }
        } catch (IOException e) {
            return Optional.of(Key.QUIT);
        }
    }

    @Override
    public void discardPressed() {
        try {
            while (terminal.reader().peek(1) >= 0) {
                terminal.reader().read(1);
            }
        } catch (IOException e) {
            // nothing more to read
        }
    }

    private static void drainEscapeSequence(NonBlockingReader reader) throws IOException {
        while (reader.peek(20) >= 0) {
            reader.read(1);
        }
    }

    /** Cooked mode again while the live prompt's line reader has the terminal; call {@link #resumeRaw} after. */
    public void pauseRaw() {
        terminal.setAttributes(saved);
    }

    public void resumeRaw() {
        saved = raw(terminal);
    }

    @Override
    public void close() {
        terminal.setAttributes(saved);
    }
}
