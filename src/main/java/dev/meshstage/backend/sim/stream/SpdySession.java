package dev.meshstage.backend.sim.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyGoAwayFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.util.ReferenceCountUtil;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The server end of a SPDY/3.1 session as Kubernetes streams use it (moby/spdystream on the client): the
 * client opens streams with SYN_STREAM and headers, the server replies and both send DATA, FIN half-closes.
 * Framing and the zlib header compression (with SPDY's dictionary, one context per direction) are Netty's
 * codec, run in an embedded channel so the same session works over a raw upgraded socket and tunnelled in
 * WebSocket messages. Thread-safe: the event loop feeds bytes in, process threads send.
 */
public final class SpdySession {

    /** Max payload per DATA frame (the spec allows 16 MB; small frames keep interleaving fair). */
    private static final int MAX_DATA = 32 * 1024;

    /** What the protocol on top (exec, port-forward) does with the client's streams. Called with the session locked. */
    public interface Listener {
        void opened(int streamId, Map<String, String> headers);

        void data(int streamId, byte[] bytes);

        /** The client half-closed the stream (FIN) or reset it. */
        void ended(int streamId);

        /** The connection is gone or the client said GOAWAY. */
        void closed();
    }

    private final EmbeddedChannel codec = new EmbeddedChannel(new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
    private final Consumer<byte[]> wire;
    private Listener listener;
    private boolean closed;

    /** @param wire sends encoded bytes to the client (socket write or a WebSocket binary message) */
    public SpdySession(Consumer<byte[]> wire) {
        this.wire = wire;
    }

    public synchronized void listener(Listener l) {
        this.listener = l;
    }

    /** Bytes from the client, in order; any number of frames or part of one. */
    public synchronized void receive(byte[] bytes) {
        if (closed) {
            return;
        }
        codec.writeInbound(Unpooled.wrappedBuffer(bytes));
        Object frame;
        while ((frame = codec.readInbound()) != null) {
            try {
                dispatch(frame);
            } finally {
                ReferenceCountUtil.release(frame);
            }
        }
    }

    private void dispatch(Object frame) {
        if (frame instanceof SpdySynStreamFrame syn) {
            Map<String, String> headers = new LinkedHashMap<>();
            syn.headers().forEach(e -> headers.put(e.getKey().toString().toLowerCase(java.util.Locale.ROOT), e.getValue().toString()));
            listener.opened(syn.streamId(), headers);
            if (syn.isLast()) {
                listener.ended(syn.streamId());
            }
        } else if (frame instanceof SpdyDataFrame data) {
            ByteBuf content = data.content();
            byte[] bytes = new byte[content.readableBytes()];
            content.readBytes(bytes);
            if (bytes.length > 0) {
                listener.data(data.streamId(), bytes);
            }
            if (data.isLast()) {
                listener.ended(data.streamId());
            }
        } else if (frame instanceof SpdyRstStreamFrame rst) {
            listener.ended(rst.streamId());
        } else if (frame instanceof SpdyPingFrame ping) {
            send(new DefaultSpdyPingFrame(ping.id())); // a client's ping comes back unchanged
        } else if (frame instanceof SpdyGoAwayFrame) {
            close();
        }
        // SETTINGS, WINDOW_UPDATE, HEADERS: nothing to do (spdystream does not enforce flow-control windows)
    }

    /** Accepts a stream the client opened. */
    public synchronized void reply(int streamId) {
        DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(streamId);
        // Netty encodes no header block at all for an empty one, which spdystream cannot parse: say something
        reply.headers().add(":status", "200");
        send(reply);
    }

    /** Sends bytes on a stream, in frames of at most 32 KB; {@code fin} half-closes it after them. */
    public synchronized void data(int streamId, byte[] bytes, boolean fin) {
        int off = 0;
        do {
            int n = Math.min(MAX_DATA, bytes.length - off);
            DefaultSpdyDataFrame f = new DefaultSpdyDataFrame(streamId, Unpooled.wrappedBuffer(bytes, off, n));
            off += n;
            f.setLast(fin && off >= bytes.length);
            send(f);
        } while (off < bytes.length);
    }

    public synchronized void reset(int streamId) {
        send(new DefaultSpdyRstStreamFrame(streamId, SpdyStreamStatus.CANCEL));
    }

    /** The transport closed, or the server is done: no more frames either way. */
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (listener != null) {
            listener.closed();
        }
        codec.finishAndReleaseAll();
    }

    /** Tells the client no new streams will be accepted (before the server closes the connection). */
    public synchronized void goAway() {
        send(new DefaultSpdyGoAwayFrame(0));
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    private void send(Object frame) {
        if (closed) {
            ReferenceCountUtil.release(frame);
            return;
        }
        codec.writeOutbound(frame);
        ByteBuf out;
        while ((out = codec.readOutbound()) != null) {
            try {
                byte[] bytes = new byte[out.readableBytes()];
                out.readBytes(bytes);
                wire.accept(bytes);
            } finally {
                out.release();
            }
        }
    }
}
