package dev.meshstage.backend.sim.stream;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * port-forward over a WebSocket with channels ({@code portforward.k8s.io}/{@code v4.channel.k8s.io}, as fabric8
 * and client-node speak it): one connection per WebSocket; the i-th port of {@code ?ports=} has data channel 2i
 * and error channel 2i+1, each opened by the server with the port number (two bytes, little-endian). The socket
 * closes when the pod side is done with every port.
 */
public final class WebSocketPortForward {

    private WebSocketPortForward() {
    }

    public static void serve(ServerWebSocket ws, PortForwardTarget target, List<Integer> ports) {
        BlockingInput[] inputs = new BlockingInput[ports.size()];
        ChunkOutput[] outputs = new ChunkOutput[ports.size()];
        @SuppressWarnings("unchecked")
        Future<?>[] forwards = new Future<?>[ports.size()];
        AtomicInteger open = new AtomicInteger(ports.size());
        ws.binaryMessageHandler(msg -> {
            if (msg.length() == 0) {
                return;
            }
            int channel = msg.getUnsignedByte(0);
            if (channel % 2 == 0 && channel / 2 < inputs.length) {
                inputs[channel / 2].offer(msg.getBytes(1, msg.length()));
            }
        });
        ws.closeHandler(v -> {
            for (int i = 0; i < ports.size(); i++) {
                inputs[i].finish();
                outputs[i].disconnect();
                if (forwards[i] != null) {
                    forwards[i].cancel(true);
                }
            }
        });
        for (int i = 0; i < ports.size(); i++) {
            int port = ports.get(i);
            int data = 2 * i;
            int error = 2 * i + 1;
            inputs[i] = new BlockingInput();
            outputs[i] = new ChunkOutput(b -> send(ws, data, b));
            byte[] portBytes = {(byte) (port & 0xFF), (byte) ((port >> 8) & 0xFF)};
            send(ws, data, portBytes);
            send(ws, error, portBytes);
        }
        for (int i = 0; i < ports.size(); i++) {
            int index = i;
            int port = ports.get(i);
            forwards[i] = ProcessThreads.start(() -> {
                try {
                    target.containers().forward(target.namespace(), target.pod(), port, inputs[index], outputs[index]);
                } catch (IOException e) {
                    send(ws, 2 * index + 1, ("error forwarding port " + port + " to pod " + target.pod() + ": " + e.getMessage())
                            .getBytes(StandardCharsets.UTF_8));
                }
                if (open.decrementAndGet() == 0 && !ws.isClosed()) {
                    ws.close((short) 1000, "");
                }
            });
        }
    }

    private static void send(ServerWebSocket ws, int channel, byte[] data) {
        if (!ws.isClosed()) {
            ws.writeBinaryMessage(Buffer.buffer(data.length + 1).appendByte((byte) channel).appendBytes(data));
        }
    }
}
