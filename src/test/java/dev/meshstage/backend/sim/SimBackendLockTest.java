package dev.meshstage.backend.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may serve a home: the first serving backend; never a client-only one (the prompt's), lock free or not. */
class SimBackendLockTest {

    @TempDir
    Path home;

    @Test
    void aClientOnlyBackendNeverTakesTheHomeEvenWhenNobodyServesIt() {
        try (SimBackend prompt = SimBackend.clientOnly(home, List.of())) {
            assertThat(prompt.owner()).isFalse();
            try (SimBackend server = new SimBackend(home, List.of(), true)) {
                assertThat(server.owner()).as("the lock was left free for the server").isTrue();
                try (SimBackend second = new SimBackend(home, List.of(), true)) {
                    assertThat(second.owner()).as("one server per home").isFalse();
                }
            }
        }
    }
}
