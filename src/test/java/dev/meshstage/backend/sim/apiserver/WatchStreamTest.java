package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.backend.sim.store.WatchEvent;
import dev.meshstage.support.ClassVertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A watch's delivery against a connection whose write queue fills after a few events (a reader that stopped reading). */
class WatchStreamTest {

    @RegisterExtension
    static final ClassVertx VERTX = new ClassVertx();

    private static final ResourceType CONFIGMAPS = new ResourceType("", "v1", "ConfigMap", "configmaps", "configmap", true,
            List.of("cm"), List.of(), false, false, List.of("get", "list", "watch"));

    /** Takes {@code room} writes, then reports its queue full until {@link #drain} (the reader catching up). */
    private static final class StuckConnection implements WatchStream.Transport {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final AtomicInteger room;
        final AtomicBoolean ended = new AtomicBoolean();
        final AtomicBoolean aborted = new AtomicBoolean();
        volatile Runnable whenWritable;

        StuckConnection(int room) {
            this.room = new AtomicInteger(room);
        }

        @Override
        public boolean writeQueueFull() {
            return room.get() <= 0;
        }

        @Override
        public void whenWritable(Runnable r) {
            whenWritable = r;
        }

        @Override
        public void send(String json) {
            sent.add(json);
            room.decrementAndGet();
        }

        @Override
        public void end() {
            ended.set(true);
        }

        @Override
        public void abort() {
            aborted.set(true);
        }

        void drain(int more) {
            room.addAndGet(more);
            Runnable r = whenWritable;
            whenWritable = null;
            if (r != null) {
                r.run();
            }
        }
    }

    private static WatchStream stream(StuckConnection connection, AtomicInteger closes) {
        return new WatchStream(VERTX.get().getOrCreateContext(), connection, CONFIGMAPS, false, null, Instant::now, () -> 0,
                closes::incrementAndGet);
    }

    private static void events(WatchStream stream, int n) {
        for (int i = 1; i <= n; i++) {
            stream.onEvent(new WatchEvent(WatchEvent.Type.ADDED, CONFIGMAPS,
                    (tools.jackson.databind.node.ObjectNode) Json.MAPPER.readTree("{\"metadata\":{\"name\":\"cm" + i + "\",\"resourceVersion\":\"" + i + "\"}}"), i));
        }
    }

    @Test
    void aFullQueuePausesTheDrainAndItResumesWhenTheReaderCatchesUp() {
        StuckConnection connection = new StuckConnection(3);
        AtomicInteger closes = new AtomicInteger();
        WatchStream stream = stream(connection, closes);
        events(stream, 10);
        await().atMost(Duration.ofSeconds(5)).until(() -> connection.whenWritable != null);
        assertThat(connection.sent).hasSize(3);
        assertThat(stream.isClosed()).isFalse();
        connection.drain(100);
        await().atMost(Duration.ofSeconds(5)).until(() -> connection.sent.size() == 10);
        assertThat(connection.sent.get(9)).contains("\"cm10\"");
        assertThat(connection.aborted).isFalse();
        assertThat(stream.isClosed()).isFalse();
    }

    @Test
    void aWatchWhoseTimeIsUpEndsAtOnceThoughItsReaderIsBehind() {
        StuckConnection connection = new StuckConnection(3);
        AtomicInteger closes = new AtomicInteger();
        WatchStream stream = stream(connection, closes);
        events(stream, 10);
        await().atMost(Duration.ofSeconds(5)).until(() -> connection.whenWritable != null);
        stream.expire();
        await().atMost(Duration.ofSeconds(5)).until(connection.ended::get);
        assertThat(stream.isClosed()).isTrue();
        assertThat(closes).hasValue(1);
        assertThat(connection.aborted).isFalse(); // a clean end: the client resumes from the last version it got
        connection.drain(100);
        events(stream, 2);
        assertThat(connection.sent).as("nothing after the end").hasSize(3);
    }

    @Test
    void finishDeliversWhatIsQueuedBeforeTheEnd() {
        StuckConnection connection = new StuckConnection(100);
        AtomicInteger closes = new AtomicInteger();
        WatchStream stream = stream(connection, closes);
        events(stream, 5);
        stream.finish();
        await().atMost(Duration.ofSeconds(5)).until(connection.ended::get);
        assertThat(connection.sent).hasSize(5);
        assertThat(closes).hasValue(1);
    }
}
