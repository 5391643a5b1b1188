package dev.meshstage.backend.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * What {@code pods/exec}, {@code pods/attach} and {@code pods/portforward} reach inside a pod: a process in a
 * container, the container's main process, a listening port. The API server owns the wire protocols and calls
 * these on a thread of its own that may block for as long as the process runs.
 */
public interface ContainerStreams {

    /**
     * The streams of one process. {@code stdin} is null when the client sends none; with a {@code tty} the
     * client reads one stream, so {@code stderr} is the same as {@code stdout}.
     */
    record ProcessIo(InputStream stdin, OutputStream stdout, OutputStream stderr, boolean tty) {
    }

    /** Runs {@code command} in the container and returns its exit code once it ends. */
    int exec(String namespace, String pod, String container, List<String> command, ProcessIo io) throws IOException;

    /** Connects to the container's main process until it ends or the client goes; returns its exit code. */
    int attach(String namespace, String pod, String container, ProcessIo io) throws IOException;

    /**
     * One TCP connection to {@code port} in the pod's network namespace: what the client sends arrives on
     * {@code in}, the pod's answer goes to {@code out}; returns when either side is done.
     *
     * @throws IOException with the kubelet's words when nothing listens on the port
     */
    void forward(String namespace, String pod, int port, InputStream in, OutputStream out) throws IOException;

    ContainerStreams NONE = new ContainerStreams() {
        @Override
        public int exec(String namespace, String pod, String container, List<String> command, ProcessIo io) throws IOException {
            throw new IOException("this simulated cluster runs no container processes");
        }

        @Override
        public int attach(String namespace, String pod, String container, ProcessIo io) throws IOException {
            throw new IOException("this simulated cluster runs no container processes");
        }

        @Override
        public void forward(String namespace, String pod, int port, InputStream in, OutputStream out) throws IOException {
            throw new IOException("this simulated cluster serves no pod ports");
        }
    };
}
