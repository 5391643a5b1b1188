package dev.meshstage.backend.sim.stream;

import dev.meshstage.backend.sim.ContainerStreams;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Runs an exec or attach on its own thread and hands the wire protocol the status to send when it ends. */
final class ExecRun {

    private static final Logger LOG = Logger.getLogger(ExecRun.class.getName());

    /** Where output the client did not ask for goes. */
    static final OutputStream DISCARD = OutputStream.nullOutputStream();

    /** How long a process whose client left may go on to finish what its input asked (then it is killed). */
    static final long GRACE_MILLIS = 5_000;

    private ExecRun() {
    }

    /**
     * The client is gone: the process gets end-of-input and a few seconds to finish (a v4 client's upload ends so),
     * then it is stopped, so nothing a vanished client started runs on forever.
     */
    static void stopLater(Future<?> process) {
        if (process == null || process.isDone()) {
            return;
        }
        ProcessThreads.start(() -> {
            try {
                process.get(GRACE_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                process.cancel(true);
            } catch (InterruptedException e) {
                process.cancel(true);
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException e) {
                // it ended badly on its own
            }
        });
    }

    /**
     * @param structured a v4/v5 metav1.Status on the error stream (else the v1–v3 text)
     * @param done       gets the error-stream payload (possibly empty) once the process has ended
     */
    static Future<?> start(ContainerStreams containers, ExecRequest r, ContainerStreams.ProcessIo io, boolean structured,
            Consumer<byte[]> done) {
        return ProcessThreads.start(() -> {
            byte[] status;
            try {
                int code = r.attach()
                        ? containers.attach(r.namespace(), r.pod(), r.container(), io)
                        : containers.exec(r.namespace(), r.pod(), r.container(), r.command(), io);
                status = ExecStatus.exited(code, r.command(), structured);
            } catch (IOException e) {
                status = ExecStatus.failed(e.getMessage(), structured);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "exec in " + r.namespace() + "/" + r.pod() + " failed", e);
                status = ExecStatus.failed("error executing command in container: " + e, structured);
            }
            try {
                io.stdout().flush();
            } catch (IOException gone) {
                // the client left: nothing to flush to
            }
            done.accept(status);
        });
    }
}
