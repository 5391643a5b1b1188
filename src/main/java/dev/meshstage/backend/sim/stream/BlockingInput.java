package dev.meshstage.backend.sim.stream;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An InputStream a wire protocol fills from its event loop (never blocking it) and a process thread reads,
 * blocking until bytes arrive or the sender is done.
 */
public final class BlockingInput extends InputStream {

    private static final byte[] END = new byte[0];

    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private byte[] current = new byte[0];
    private int pos;
    private boolean ended;
    private volatile boolean finished;

    /** More bytes from the client (empty chunks are ignored). */
    public void offer(byte[] bytes) {
        if (bytes.length > 0 && !finished) {
            chunks.add(bytes);
        }
    }

    /** The client sends no more: readers get end-of-stream once they have what came before. */
    public void finish() {
        if (!finished) {
            finished = true;
            chunks.add(END);
        }
    }

    public boolean finished() {
        return finished;
    }

    @Override
    public int read() throws InterruptedIOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws InterruptedIOException {
        if (len == 0) {
            return 0;
        }
        while (pos >= current.length) {
            if (ended) {
                return -1;
            }
            try {
                byte[] next = chunks.take();
                if (next == END) {
                    ended = true;
                    return -1;
                }
                current = next;
                pos = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("the process was stopped");
            }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return Math.max(0, current.length - pos);
    }
}
