package dev.meshstage.backend.sim.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * port-forward over SPDY/3.1 ({@code portforward.k8s.io}), raw after an HTTP upgrade (kubectl ≤ 1.30) or
 * tunnelled in WebSocket messages (kubectl ≥ 1.31): every local connection is a pair of streams with the same
 * {@code requestid} — {@code error} (the server's complaint, if any) and {@code data} (the bytes both ways) —
 * and {@code port}. The pod side's end is a FIN on both.
 */
public final class SpdyPortForward implements SpdySession.Listener {

    public static final String PROTOCOL = "portforward.k8s.io";

    /** One local connection being forwarded. */
    private static final class Pair {
        Integer error;
        Integer data;
        int port;
        final BlockingInput in = new BlockingInput();
        ChunkOutput out;
        Future<?> forward;
    }

    private final SpdySession session;
    private final PortForwardTarget target;
    private final Map<String, Pair> pairs = new HashMap<>();
    private final Map<Integer, Pair> byStream = new HashMap<>();

    private SpdyPortForward(SpdySession session, PortForwardTarget target) {
        this.session = session;
        this.target = target;
    }

    public static void serve(SpdySession session, PortForwardTarget target) {
        session.listener(new SpdyPortForward(session, target));
    }

    @Override
    public void opened(int streamId, Map<String, String> headers) {
        String type = headers.getOrDefault("streamtype", "");
        String id = headers.getOrDefault("requestid", Integer.toString(streamId));
        Pair p = pairs.computeIfAbsent(id, k -> new Pair());
        byStream.put(streamId, p);
        session.reply(streamId);
        int port;
        try {
            port = Integer.parseInt(headers.getOrDefault("port", ""));
        } catch (NumberFormatException e) {
            session.reset(streamId);
            return;
        }
        p.port = port;
        if (type.equals("error")) {
            p.error = streamId;
        } else if (type.equals("data")) {
            p.data = streamId;
        } else {
            session.reset(streamId);
            return;
        }
        if (p.error != null && p.data != null && p.forward == null) {
            start(id, p);
        }
    }

    private void start(String id, Pair p) {
        int data = p.data;
        int error = p.error;
        p.out = new ChunkOutput(b -> session.data(data, b, false));
        p.forward = ProcessThreads.start(() -> {
            byte[] problem = new byte[0];
            try {
                target.containers().forward(target.namespace(), target.pod(), p.port, p.in, p.out);
            } catch (IOException e) {
                problem = ("error forwarding port " + p.port + " to pod " + target.pod() + ": " + e.getMessage())
                        .getBytes(StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                problem = ("error forwarding port " + p.port + " to pod " + target.pod() + ": " + e)
                        .getBytes(StandardCharsets.UTF_8);
            }
            synchronized (session) {
                if (!session.isClosed()) {
                    if (problem.length > 0) {
                        session.data(error, problem, true);
                    } else {
                        session.data(error, new byte[0], true);
                    }
                    session.data(data, new byte[0], true);
                }
                pairs.remove(id);
            }
        });
    }

    @Override
    public void data(int streamId, byte[] bytes) {
        Pair p = byStream.get(streamId);
        if (p != null && Integer.valueOf(streamId).equals(p.data)) {
            p.in.offer(bytes);
        }
    }

    @Override
    public void ended(int streamId) {
        Pair p = byStream.get(streamId);
        if (p != null && Integer.valueOf(streamId).equals(p.data)) {
            p.in.finish();
        }
    }

    @Override
    public void closed() {
        for (Pair p : byStream.values()) {
            p.in.finish();
            if (p.out != null) {
                p.out.disconnect();
            }
            if (p.forward != null) {
                p.forward.cancel(true);
            }
        }
    }
}
