package dev.meshstage.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The protocol between a meshstage client and the home's server, over a Unix socket. A client sends
 * requests; for each the server sends output frames and then one outcome frame:
 *
 * <pre>
 *   request:  'R' version build cwd workshop kubeconfig color live width debug cluster line   (strings: int length + UTF-8)
 *   output:   'O' text                                                    (stdout, as the command wrote it)
 *   outcome:  'X' ok error cluster                                        (error: the one-line message, or "")
 *   stopping: 'S'                  (instead of output: the server is stopping and ran nothing; ask the next one)
 *   cancel:   'C'                  (client, while its request runs: stop it; the outcome frame still follows)
 * </pre>
 */
public final class Wire {

    static final int VERSION = 5;
    static final byte REQUEST = 'R';
    static final byte OUTPUT = 'O';
    static final byte OUTCOME = 'X';
    static final byte STOPPING = 'S';
    static final byte CANCEL = 'C';

    private Wire() {
    }

    /**
     * One command line to run as the client would have: in its directory, with its {@code --workshop}, its
     * {@code $KUBECONFIG} ({@code ""} when unset: {@code cluster attach} reads it), its terminal's abilities (its
     * {@code width} when one-line hints and errors wrap to it, else 0) and its current cluster ({@code ""}: the
     * workshop's first). {@code build} names the client's meshstage ({@link Build#id()}); a server of another build
     * stops rather than answer it.
     */
    public record Request(String build, String cwd, String workshop, String kubeconfig, boolean color, boolean live, int width,
            boolean debug, String cluster, String line) implements FromClient {
    }

    /** What a client sends: a request, or (while one runs) the word to stop it. */
    sealed interface FromClient permits Request, Cancel {
    }

    /** Stop the request that runs: its thread is interrupted, as a time limit or Ctrl-C would stop it here. */
    record Cancel() implements FromClient {
    }

    /** How a command line ended; {@code cluster} is the current cluster after it (changed by {@code use}). */
    public record Outcome(boolean ok, String error, String cluster) {
    }

    static void write(DataOutputStream out, Request r) throws IOException {
        out.writeByte(REQUEST);
        out.writeInt(VERSION);
        string(out, r.build());
        string(out, r.cwd());
        string(out, r.workshop());
        string(out, r.kubeconfig());
        out.writeBoolean(r.color());
        out.writeBoolean(r.live());
        out.writeInt(r.width());
        out.writeBoolean(r.debug());
        string(out, r.cluster());
        string(out, r.line());
        out.flush();
    }

    /** A request from a client of another protocol version: it is told the server stops, and starts its own. */
    static final class OtherVersion extends IOException {
        OtherVersion(int version) {
            super("protocol version " + version + ", this server speaks " + VERSION);
        }
    }

    static void cancel(DataOutputStream out) throws IOException {
        out.writeByte(CANCEL);
        out.flush();
    }

    /** @return the request or cancel, or null at the end of the stream */
    static FromClient read(DataInputStream in) throws IOException {
        int tag = in.read();
        if (tag < 0) {
            return null;
        }
        if (tag == CANCEL) {
            return new Cancel();
        }
        if (tag != REQUEST) {
            throw new IOException("not a meshstage request (tag " + tag + ")");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new OtherVersion(version);
        }
        return new Request(string(in), string(in), string(in), string(in), in.readBoolean(), in.readBoolean(), in.readInt(),
                in.readBoolean(), string(in), string(in));
    }

    static void output(DataOutputStream out, String text) throws IOException {
        out.writeByte(OUTPUT);
        string(out, text);
        out.flush();
    }

    static void outcome(DataOutputStream out, Outcome o) throws IOException {
        out.writeByte(OUTCOME);
        out.writeBoolean(o.ok());
        string(out, o.error() == null ? "" : o.error());
        string(out, o.cluster() == null ? "" : o.cluster());
        out.flush();
    }

    static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String string(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 64 * 1024 * 1024) {
            throw new IOException("frame of " + n + " bytes");
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }
}
