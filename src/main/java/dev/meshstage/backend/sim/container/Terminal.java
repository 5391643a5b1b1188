package dev.meshstage.backend.sim.container;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An interactive shell on a TTY ({@code kubectl exec -it … sh}, {@code kubectl run -it}): the terminal is raw on
 * the client's side, so this end does what a line discipline does — echoes what is typed, erases on backspace,
 * runs a line on Enter, {@code ^C} drops the line, {@code ^D} on an empty line ends the shell — and prints
 * busybox's prompt. Output lines end in CR LF, as a TTY's do.
 */
final class Terminal {

    private Terminal() {
    }

    static int run(Shell sh, InputStream keys, OutputStream tty) throws IOException, InterruptedException {
        OutputStream out = new CrLf(tty);
        sh.tty = true;
        Io io = new Io(InputStream.nullInputStream(), out, out);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        prompt(sh, out);
        try {
            while (true) {
                int b = keys.read();
                if (b < 0) {
                    return sh.status;
                }
                switch (b) {
                    case '\r', '\n' -> {
                        out.write("\n".getBytes(StandardCharsets.US_ASCII));
                        String text = line.toString(StandardCharsets.UTF_8);
                        line.reset();
                        if (!text.isBlank()) {
                            sh.run(text, io);
                        }
                        prompt(sh, out);
                    }
                    case 0x7f, 0x08 -> {
                        byte[] typed = line.toByteArray();
                        if (typed.length > 0) {
                            int cut = typed.length - 1;
                            while (cut > 0 && (typed[cut] & 0xC0) == 0x80) {
                                cut--; // a whole UTF-8 character goes
                            }
                            line.reset();
                            line.write(typed, 0, cut);
                            tty.write("\b \b".getBytes(StandardCharsets.US_ASCII));
                            tty.flush();
                        }
                    }
                    case 0x03 -> {
                        line.reset();
                        out.write("^C\n".getBytes(StandardCharsets.US_ASCII));
                        prompt(sh, out);
                    }
                    case 0x04 -> {
                        if (line.size() == 0) {
                            out.write("\n".getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                            return sh.status;
                        }
                    }
                    case 0x15 -> {
                        for (int i = 0; i < line.toString(StandardCharsets.UTF_8).length(); i++) {
                            tty.write("\b \b".getBytes(StandardCharsets.US_ASCII));
                        }
                        tty.flush();
                        line.reset();
                    }
                    case 0x1b -> skipEscape(keys);
                    default -> {
                        if (b >= 0x20 || b == '\t') {
                            line.write(b);
                            tty.write(b);
                            tty.flush();
                        }
                    }
                }
            }
        } catch (Shell.Exit e) {
            return e.code;
        } catch (InterruptedIOException e) {
            throw new InterruptedException("stopped");
        }
    }

    private static void prompt(Shell sh, OutputStream out) throws IOException {
        String dir = sh.cwd.equals(sh.vars.getOrDefault("HOME", "/root")) ? "~" : sh.cwd;
        out.write((dir + " # ").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Arrow keys and the like ({@code ESC [ A}): no history or cursor movement here. */
    private static void skipEscape(InputStream keys) throws IOException {
        int b = keys.read();
        if (b == '[' || b == 'O') {
            do {
                b = keys.read();
            } while (b >= 0 && !(b >= 0x40 && b <= 0x7e));
        }
    }

    /** LF becomes CR LF. */
    private static final class CrLf extends FilterOutputStream {
        CrLf(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteArrayOutputStream converted = new ByteArrayOutputStream(len + 16);
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    converted.write('\r');
                }
                converted.write(b[i]);
            }
            out.write(converted.toByteArray());
            out.flush();
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }
    }
}
