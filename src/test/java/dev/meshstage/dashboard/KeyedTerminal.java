package dev.meshstage.dashboard;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;

import java.util.concurrent.LinkedBlockingQueue;

/**
 * Lanterna's virtual terminal, with keys read without holding its monitor: its own readInput blocks while holding
 * it, so a model change could never draw while the screen waits for a key (a real Unix terminal reads under a lock
 * of its own, as the tmux test shows). For the screen tests and the dashboard benchmark.
 */
public final class KeyedTerminal extends DefaultVirtualTerminal {

    private final LinkedBlockingQueue<KeyStroke> keys = new LinkedBlockingQueue<>();

    public KeyedTerminal(TerminalSize size) {
        super(size);
    }

    @Override
    public void addInput(KeyStroke key) {
        keys.add(key);
    }

    @Override
    public KeyStroke readInput() {
        try {
            return keys.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new KeyStroke(KeyType.EOF);
        }
    }

    @Override
    public KeyStroke pollInput() {
        return keys.poll();
    }

    /** The screen as text, one line per row, trailing spaces dropped. */
    public String text() {
        TerminalSize size = getTerminalSize();
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < size.getRows(); r++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < size.getColumns(); c++) {
                line.append(getCharacter(c, r).getCharacterString());
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
