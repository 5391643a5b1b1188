package dev.meshstage.backend.sim.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.function.Consumer;

/** An OutputStream that hands every write, as one chunk, to a wire protocol's sender. */
final class ChunkOutput extends OutputStream {

    private final Consumer<byte[]> sender;
    private volatile boolean closed;

    ChunkOutput(Consumer<byte[]> sender) {
        this.sender = sender;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("the client is gone");
        }
        if (len > 0) {
            sender.accept(Arrays.copyOfRange(b, off, off + len));
        }
    }

    /** The client went away: the process's next write fails, as a write to a closed pipe does. */
    void disconnect() {
        closed = true;
    }
}
