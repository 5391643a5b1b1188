package dev.meshstage.backend.sim.container;

import dev.meshstage.backend.sim.SimDataPlane;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The server end of one forwarded TCP connection to a pod's HTTP port: reads HTTP/1.1 requests, has the data
 * plane answer each as the pod's listener would, writes the responses; the connection ends after the response
 * to a request that asked to close it, or when the client stops sending.
 */
final class PodListener {

    /** What answers a request on this connection. */
    @FunctionalInterface
    interface Handler {
        SimDataPlane.Response answer(String method, String path);
    }

    private PodListener() {
    }

    static void serve(InputStream in, OutputStream out, Handler handler) throws IOException {
        while (true) {
            String requestLine = line(in);
            if (requestLine == null) {
                return;
            }
            if (requestLine.isEmpty()) {
                continue;
            }
            String[] parts = requestLine.split(" ");
            long length = 0;
            boolean close = parts.length < 3 || parts[2].equals("HTTP/1.0");
            String header;
            while ((header = line(in)) != null && !header.isEmpty()) {
                int colon = header.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    length = Long.parseLong(value);
                } else if (name.equals("connection")) {
                    close = value.equalsIgnoreCase("close");
                }
            }
            in.skipNBytes(Math.min(length, 16L * 1024 * 1024));
            if (parts.length < 2) {
                write(out, SimDataPlane.Response.of(400, "text/plain", "Bad Request\n"), true, false);
                return;
            }
            SimDataPlane.Response r = handler.answer(parts[0].toUpperCase(Locale.ROOT), parts[1]);
            if (!r.connected()) {
                return; // the listener went away: the connection just closes
            }
            write(out, r, close, parts[0].equalsIgnoreCase("HEAD"));
            if (close) {
                return;
            }
        }
    }

    private static void write(OutputStream out, SimDataPlane.Response r, boolean close, boolean head) throws IOException {
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder("HTTP/1.1 " + r.status() + " " + NetworkCommands.reason(r.status()) + "\r\n");
        r.headers().forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
        h.append("content-length: ").append(body.length).append("\r\n");
        if (close) {
            h.append("connection: close\r\n");
        }
        h.append("\r\n");
        out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!head) {
            out.write(body);
        }
        out.flush();
    }

    /** One CRLF- or LF-terminated line, null at end of stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.ISO_8859_1);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            if (b.size() > 64 * 1024) {
                throw new IOException("request header too long");
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }
}
