package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.backend.sim.PodLogSource;
import dev.meshstage.support.ClassVertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CipherOrderTest {

    @RegisterExtension
    static final ClassVertx VERTX = new ClassVertx();

    @TempDir
    Path dir;

    @Test
    void chachaSuitesMoveToTheFrontEachGroupKeepingItsOrder() {
        assertThat(CipherOrder.chachaFirst(List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
                "TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256")))
                .containsExactly("TLS_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
                        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
    }

    @Test
    void aListWithoutChachaIsKeptAsItIs() {
        assertThat(CipherOrder.chachaFirst(List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384")))
                .containsExactly("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384");
        assertThat(CipherOrder.chachaFirst(List.of())).isEmpty();
    }

    @Test
    void theServerPreferenceIsEveryJdkDefaultSuiteOnce() throws Exception {
        List<String> defaults = Arrays.asList(SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites());
        List<String> preference = CipherOrder.serverPreference();
        assertThat(preference).containsExactlyInAnyOrderElementsOf(defaults).doesNotHaveDuplicates();
        assertThat(preference.get(0)).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
    }

    @Test
    void aClientThatPrefersAesGetsChachaFromTheApiServer() throws Exception {
        try (ApiServerFixture c = new ApiServerFixture(VERTX.get(), dir, "h", 0, PodLogSource.NONE)) {
            SSLContext ssl = ApiServerFixture.trustingCa();
            for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
                try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket("127.0.0.1", c.server.port())) {
                    SSLParameters params = socket.getSSLParameters();
                    params.setProtocols(new String[] {protocol});
                    // the JDK client's own default order puts AES-GCM first: the server's order must win
                    assertThat(params.getCipherSuites()[0]).contains("AES");
                    socket.setSSLParameters(params);
                    socket.startHandshake();
                    assertThat(socket.getSession().getCipherSuite()).as(protocol).contains("CHACHA20_POLY1305");
                }
            }
        }
    }
}
