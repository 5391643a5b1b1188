package dev.meshstage.kube;

import dev.meshstage.mesh.source.Problems;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

class ApiErrorsTest {

    @Test
    void aTimeoutSaysTheServerDidNotAnswerInTimeNotTheExceptionsName() {
        for (Throwable cause : new Throwable[] {new TimeoutException(), new SocketTimeoutException("Read timed out"),
                new java.net.http.HttpTimeoutException("request timed out")}) {
            assertThat(ApiErrors.explain(new KubernetesClientException("An error has occurred.", cause)))
                    .startsWith("the API server did not answer in time");
            assertThat(Problems.explain(new CompletionException(cause)))
                    .startsWith("the API server did not answer in time");
        }
    }

    @Test
    void aRefusedConnectionAndABadTokenKeepTheirOwnReasons() {
        assertThat(ApiErrors.explain(new KubernetesClientException("x", new ConnectException("Connection refused"))))
                .isEqualTo("API server not reachable (Connection refused)");
        assertThat(ApiErrors.explain(new KubernetesClientException("Unauthorized", 401, null)))
                .startsWith("the API server refused the credentials (401)");
        assertThat(Problems.explain(new IllegalStateException("first line\nsecond"))).isEqualTo("first line");
    }
}
