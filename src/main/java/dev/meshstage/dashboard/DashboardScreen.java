package dev.meshstage.dashboard;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import dev.meshstage.mesh.PodDetails;
import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.source.ModelListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The dashboard on a Lanterna terminal: draws the view-model, and draws again only when something happens — a new
 * model from the live source, a key, a resize — so an idle dashboard uses no CPU. The calling thread reads the keys
 * and returns on {@code q}/Esc; model changes draw from the source's thread, under the same lock.
 */
public final class DashboardScreen {

    /** Reads one pod's details when Enter asks for them. */
    public interface DetailsReader {
        PodDetails read(String cluster, String namespace, String name);
    }

    private final Terminal terminal;
    private final DashboardState state;
    private final Clock clock;
    private final LanternaPainter painter;
    private final DetailsReader details;
    private final Object lock = new Object();
    private Screen screen;
    private boolean closed;
    private long frames;

    public DashboardScreen(Terminal terminal, DashboardState state, Clock clock, boolean color, DetailsReader details) {
        this.terminal = terminal;
        this.state = state;
        this.clock = clock;
        this.painter = new LanternaPainter(color);
        this.details = details;
    }

    /** The listener to give the live source: each new model is drawn. */
    public ModelListener listener() {
        return new ModelListener() {
            @Override
            public void changed(MeshModel model) {
                synchronized (lock) {
                    state.update(model);
                    draw();
                }
            }
        };
    }

    /** Frames drawn so far (tests and benchmarks). */
    public long frames() {
        synchronized (lock) {
            return frames;
        }
    }

    /** Runs until the person quits; {@code onEachFrame} sees every frame drawn (null for none). */
    public void run() {
        try {
            synchronized (lock) {
                screen = new TerminalScreen(terminal);
                screen.startScreen();
                screen.setCursorPosition(null);
                terminal.addResizeListener((t, size) -> {
                    synchronized (lock) {
                        draw();
                    }
                });
                draw();
            }
            while (true) {
                KeyStroke key = screen.readInput();
                if (key == null) {
                    continue;
                }
                if (!handle(key)) {
                    break;
                }
                synchronized (lock) {
                    draw();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the dashboard lost its terminal: " + e.getMessage(), e);
        } finally {
            synchronized (lock) {
                closed = true;
                if (screen != null) {
                    try {
                        screen.stopScreen();
                    } catch (IOException e) {
                        // the terminal is gone already; nothing to restore
                    }
                }
            }
        }
    }

    /** @return false when the key quits */
    private boolean handle(KeyStroke key) {
        KeyType type = key.getKeyType();
        Character c = key.getCharacter();
        if (type == KeyType.EOF) {
            return false;
        }
        boolean ctrlC = type == KeyType.Character && key.isCtrlDown() && c != null && c == 'c';
        if (ctrlC) {
            return false;
        }
        synchronized (lock) {
            if (state.editingFilter()) {
                switch (type) {
                    case Character -> state.type(c);
                    case Backspace -> state.backspace();
                    case Enter -> state.acceptFilter();
                    case Escape -> state.clearFilter();
                    default -> { }
                }
                return true;
            }
            if (state.overlayShown()) {
                state.closeOverlay();
                return true;
            }
        }
        switch (type) {
            case Escape -> {
                return false;
            }
            case Tab, ArrowRight -> act(state::focusNext);
            case ReverseTab, ArrowLeft -> act(state::focusPrevious);
            case ArrowDown -> act(state::down);
            case ArrowUp -> act(state::up);
            case PageDown -> act(() -> repeat(state::down));
            case PageUp -> act(() -> repeat(state::up));
            case Enter -> showDetails();
            case Character -> {
                switch (c) {
                    case 'q' -> {
                        return false;
                    }
                    case '/' -> act(state::startFilter);
                    case 'n' -> act(state::nextNamespace);
                    case 'p' -> act(state::togglePause);
                    case '?' -> act(state::showHelp);
                    case 'j' -> act(state::down);
                    case 'k' -> act(state::up);
                    default -> { }
                }
            }
            default -> { }
        }
        return true;
    }

    private void act(Runnable r) {
        synchronized (lock) {
            r.run();
        }
    }

    private static void repeat(Runnable r) {
        for (int i = 0; i < 10; i++) {
            r.run();
        }
    }

    /** Reads outside the lock: model changes keep drawing while the API answers. */
    private void showDetails() {
        DashboardState.PodKey key;
        synchronized (lock) {
            key = state.selectedPod().orElse(null);
        }
        if (key == null) {
            return;
        }
        PodDetails d = details.read(key.cluster(), key.namespace(), key.name());
        synchronized (lock) {
            state.showDetails(key.cluster(), d);
        }
    }

    /** Under the lock. */
    private void draw() {
        if (closed || screen == null) {
            return;
        }
        try {
            TerminalSize resized = screen.doResizeIfNecessary();
            TerminalSize size = screen.getTerminalSize();
            Frame frame = FrameLayout.layout(state.view(clock.instant()), size.getColumns(), size.getRows());
            screen.clear();
            painter.paint(frame, screen.newTextGraphics());
            screen.refresh(resized != null ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
            frames++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
