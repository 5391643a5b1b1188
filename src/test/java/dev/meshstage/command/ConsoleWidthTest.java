package dev.meshstage.command;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** What a command learns of the terminal's width from the console it is given. */
class ConsoleWidthTest {

    @Test
    void aConsoleWithoutATerminalKnowsNoWidthAndWrapsToTheDefault() {
        Console piped = new Console(new PrintWriter(new StringWriter()), false, false, false);
        assertThat(piped.knownWidth()).isZero();
        assertThat(piped.width()).isEqualTo(Console.DEFAULT_WIDTH);
        assertThat(piped.wrapWidth()).isZero();
    }

    @Test
    void aTerminalsWidthIsReadEachTimeSoAResizeCounts() {
        AtomicInteger columns = new AtomicInteger(110);
        Console live = new Console(new PrintWriter(new StringWriter()), false, true, true, columns::get);
        assertThat(live.knownWidth()).isEqualTo(110);
        columns.set(72);
        assertThat(live.knownWidth()).isEqualTo(72);
        assertThat(live.wrapWidth()).isEqualTo(72);
        columns.set(0); // a terminal that does not say
        assertThat(live.knownWidth()).isZero();
        assertThat(live.width()).isEqualTo(Console.DEFAULT_WIDTH);
    }
}
