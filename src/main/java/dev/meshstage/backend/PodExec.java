package dev.meshstage.backend;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.ExecWatch;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A command run in a pod's container through the API's exec subresource (what {@code kubectl exec} does), for the
 * backends that reach their clusters only that way. Never through docker: the same on kind and on an attached cluster.
 */
public final class PodExec {

    /** How it ended: the exit code (-1 when the API gave none in time), and what it wrote on each stream. */
    public record Result(int exitCode, String out, String err) {
    }

    private PodExec() {
    }

    public static Result run(KubernetesClient client, String namespace, String pod, String container, Duration timeout,
            String... command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ExecWatch w = client.pods().inNamespace(namespace).withName(pod).inContainer(container).writingOutput(out)
                .writingError(err).exec(command)) {
            Integer code = w.exitCode().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Result(code == null ? -1 : code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (TimeoutException e) {
            return new Result(-1, out.toString(StandardCharsets.UTF_8), "no answer within " + timeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", "interrupted");
        } catch (ExecutionException | KubernetesClientException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            return new Result(-1, "", cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
        }
    }
}
