package dev.meshstage.backend.sim.stream;

import dev.meshstage.backend.sim.ContainerStreams;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * exec and attach over SPDY/3.1 (kubectl 1.27–1.29, and newer ones when the WebSocket upgrade fails): the
 * client opens one stream per {@code streamtype} header (error, stdin, stdout, stderr, resize); the process
 * starts once every stream the request asked for is open, stdin ends with the client's FIN, and the end
 * is the status on the error stream followed by FIN on every stream the server writes.
 */
public final class SpdyExec implements SpdySession.Listener {

    /** The stream protocols kubectl offers in X-Stream-Protocol-Version, best first. */
    public static final java.util.List<String> PROTOCOLS = java.util.List.of("v4.channel.k8s.io", "v3.channel.k8s.io",
            "v2.channel.k8s.io", "channel.k8s.io");

    private final SpdySession session;
    private final ExecRequest request;
    private final ContainerStreams containers;
    private final int version;
    private final Map<String, Integer> streams = new HashMap<>();
    private final BlockingInput stdin;
    private final int expected;
    private Future<?> process;
    private ChunkOutput stdout;
    private ChunkOutput stderr;

    private SpdyExec(SpdySession session, ExecRequest request, ContainerStreams containers, String protocol) {
        this.session = session;
        this.request = request;
        this.containers = containers;
        this.version = WebSocketExec.version(protocol);
        this.stdin = request.stdin() ? new BlockingInput() : null;
        int n = 1; // error
        n += request.stdin() ? 1 : 0;
        n += request.stdout() ? 1 : 0;
        n += request.separateStderr() ? 1 : 0;
        n += request.tty() && version >= 3 ? 1 : 0;
        this.expected = n;
    }

    /** Serves the request on an upgraded session with the negotiated {@code protocol}. */
    public static void serve(SpdySession session, ExecRequest request, ContainerStreams containers, String protocol) {
        session.listener(new SpdyExec(session, request, containers, protocol));
    }

    @Override
    public void opened(int streamId, Map<String, String> headers) {
        session.reply(streamId);
        String type = headers.getOrDefault("streamtype", "");
        streams.put(type, streamId);
        if (process == null && streams.keySet().stream().filter(t -> !t.isEmpty()).count() >= expected) {
            start();
        }
    }

    private void start() {
        Integer out = streams.get("stdout");
        Integer err = streams.get("stderr");
        stdout = out == null ? null : new ChunkOutput(b -> session.data(out, b, false));
        stderr = err == null ? null : new ChunkOutput(b -> session.data(err, b, false));
        ContainerStreams.ProcessIo io = new ContainerStreams.ProcessIo(stdin,
                stdout == null ? ExecRun.DISCARD : stdout,
                request.tty() ? (stdout == null ? ExecRun.DISCARD : stdout) : stderr == null ? ExecRun.DISCARD : stderr,
                request.tty());
        process = ExecRun.start(containers, request, io, version >= 4, status -> {
            Integer error = streams.get("error");
            if (error != null) {
                session.data(error, status, true);
            }
            if (out != null) {
                session.data(out, new byte[0], true);
            }
            if (err != null) {
                session.data(err, new byte[0], true);
            }
        });
    }

    @Override
    public void data(int streamId, byte[] bytes) {
        if (stdin != null && Integer.valueOf(streamId).equals(streams.get("stdin"))) {
            stdin.offer(bytes);
        }
        // resize: the simulated terminal has no size to change
    }

    @Override
    public void ended(int streamId) {
        if (stdin != null && Integer.valueOf(streamId).equals(streams.get("stdin"))) {
            stdin.finish();
        }
    }

    @Override
    public void closed() {
        if (stdout != null) {
            stdout.disconnect();
        }
        if (stderr != null) {
            stderr.disconnect();
        }
        if (stdin != null) {
            stdin.finish();
        }
        ExecRun.stopLater(process);
    }
}
