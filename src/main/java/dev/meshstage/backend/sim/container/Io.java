package dev.meshstage.backend.sim.container;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The three standard streams of one simulated process. */
record Io(InputStream in, OutputStream out, OutputStream err) {

    void print(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    void error(String s) throws IOException {
        err.write(s.getBytes(StandardCharsets.UTF_8));
        err.flush();
    }

    Io withIn(InputStream in) {
        return new Io(in, out, err);
    }

    Io withOut(OutputStream out) {
        return new Io(in, out, err);
    }

    Io withErr(OutputStream err) {
        return new Io(in, out, err);
    }
}
