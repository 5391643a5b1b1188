package dev.meshstage.dashboard;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Lanterna takes the window-size signal for itself and never gives it back; the prompt's JLine needs it after the
 * dashboard closes to know the terminal's width. Keeps the handler there was and puts it back on close.
 */
final class WinchHandler implements AutoCloseable {

    private static final Signal WINCH = new Signal("WINCH");
    private final SignalHandler previous;

    private WinchHandler(SignalHandler previous) {
        this.previous = previous;
    }

    static WinchHandler keep() {
        try {
            SignalHandler previous = Signal.handle(WINCH, SignalHandler.SIG_DFL);
            Signal.handle(WINCH, previous);
            return new WinchHandler(previous);
        } catch (IllegalArgumentException e) {
            return new WinchHandler(null); // no such signal here (not a Unix terminal)
        }
    }

    @Override
    public void close() {
        if (previous != null) {
            Signal.handle(WINCH, previous);
        }
    }
}
