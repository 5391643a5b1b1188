package dev.meshstage.stage;

import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys from a real JLine terminal (over pipes): Ctrl-C is a key that quits the replay, never a signal to the shell. */
class TerminalKeysTest {

    @Test
    void ctrlCIsAQuitKeyNotASignalAndTheTerminalsModeComesBack() throws IOException {
        PipedOutputStream typing = new PipedOutputStream();
        PipedInputStream input = new PipedInputStream(typing);
        try (Terminal terminal = TerminalBuilder.builder().system(false).streams(input, new ByteArrayOutputStream())
                .encoding(StandardCharsets.UTF_8).build()) {
            assertThat(terminal.getAttributes().getLocalFlag(Attributes.LocalFlag.ISIG)).as("cooked, as the prompt has it").isTrue();
            try (TerminalKeys keys = new TerminalKeys(terminal)) {
                assertThat(terminal.getAttributes().getLocalFlag(Attributes.LocalFlag.ISIG)).as("Ctrl-C raises no SIGINT").isFalse();
                assertThat(terminal.getAttributes().getLocalFlag(Attributes.LocalFlag.ICANON)).isFalse();
                typing.write(new byte[] {'s', 3});
                typing.flush();
                assertThat(keys.next(keys.now() + 5_000)).isEqualTo(Optional.of(Key.SKIP));
                assertThat(keys.next(keys.now() + 5_000)).isEqualTo(Optional.of(Key.QUIT));
                keys.pauseRaw();
                assertThat(terminal.getAttributes().getLocalFlag(Attributes.LocalFlag.ISIG)).as("the live prompt's line reader").isTrue();
                keys.resumeRaw();
                assertThat(terminal.getAttributes().getLocalFlag(Attributes.LocalFlag.ISIG)).isFalse();
            }
            assertThat(terminal.getAttributes().getLocalFlag(Attributes.LocalFlag.ISIG)).as("given back").isTrue();
        }
    }
}
