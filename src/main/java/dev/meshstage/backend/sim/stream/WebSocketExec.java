package dev.meshstage.backend.sim.stream;

import dev.meshstage.backend.sim.ContainerStreams;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

import java.util.concurrent.Future;

/**
 * exec and attach over a WebSocket with the channel protocols ({@code v5.channel.k8s.io} … {@code channel.k8s.io}):
 * every binary message starts with its channel — 0 stdin, 1 stdout, 2 stderr, 3 error (the exit status), 4 resize;
 * v5 adds 255, the client's "I closed stream N" signal, which is how stdin reaches end-of-file. When the process
 * ends the status goes on channel 3 and the server closes the socket normally.
 */
public final class WebSocketExec {

    static final int STDIN = 0;
    static final int STDOUT = 1;
    static final int STDERR = 2;
    static final int ERROR = 3;
    static final int RESIZE = 4;
    static final int CLOSE = 255;

    private WebSocketExec() {
    }

    /** The channel protocol version a negotiated subprotocol means (1 for none or {@code channel.k8s.io}). */
    static int version(String subprotocol) {
        if (subprotocol == null) {
            return 1;
        }
        return switch (subprotocol) {
            case "v5.channel.k8s.io" -> 5;
            case "v4.channel.k8s.io" -> 4;
            case "v3.channel.k8s.io" -> 3;
            case "v2.channel.k8s.io" -> 2;
            default -> 1;
        };
    }

    public static void serve(ServerWebSocket ws, ExecRequest r, ContainerStreams containers) {
        int version = version(ws.subProtocol());
        BlockingInput stdin = r.stdin() ? new BlockingInput() : null;
        ChunkOutput stdout = new ChunkOutput(b -> send(ws, STDOUT, b));
        ChunkOutput stderr = r.separateStderr() ? new ChunkOutput(b -> send(ws, STDERR, b)) : null;
        ContainerStreams.ProcessIo io = new ContainerStreams.ProcessIo(stdin, r.stdout() ? stdout : ExecRun.DISCARD,
                r.tty() ? stdout : stderr != null ? stderr : ExecRun.DISCARD, r.tty());
        ws.binaryMessageHandler(msg -> {
            if (msg.length() == 0) {
                return;
            }
            int channel = msg.getUnsignedByte(0);
            if (channel == STDIN && stdin != null) {
                stdin.offer(msg.getBytes(1, msg.length()));
            } else if (channel == CLOSE && version >= 5 && msg.length() > 1 && msg.getUnsignedByte(1) == STDIN && stdin != null) {
                stdin.finish();
            }
            // RESIZE: the simulated terminal has no size to change
        });
        Future<?>[] process = new Future<?>[1];
        ws.closeHandler(v -> {
            stdout.disconnect();
            if (stderr != null) {
                stderr.disconnect();
            }
            if (stdin != null) {
                stdin.finish(); // v4 clients (fabric8) close the socket to say their input ended
            }
            ExecRun.stopLater(process[0]);
        });
        process[0] = ExecRun.start(containers, r, io, version >= 4, status -> {
            if (status.length > 0) {
                send(ws, ERROR, status);
            }
            if (!ws.isClosed()) {
                ws.close((short) 1000, "");
            }
        });
    }

    private static void send(ServerWebSocket ws, int channel, byte[] data) {
        if (ws.isClosed()) {
            return;
        }
        Buffer b = Buffer.buffer(data.length + 1).appendByte((byte) channel).appendBytes(data);
        ws.writeBinaryMessage(b);
    }
}
