package dev.meshstage.backend.sim.apiserver;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The cipher suites the API servers offer, in the order they choose from (the JDK's server honours its own order):
 * the JDK's defaults with ChaCha20-Poly1305 first. The background server runs the client compiler only, where
 * AES-GCM has none of its intrinsics: its GHASH and AES in plain Java were 10 % of the server's CPU over the whole
 * workshop (the commands' clients and the API servers in one process, both ends encrypting), and ChaCha20-Poly1305
 * runs three times faster there. Every client kubectl, client-go, Node and Python use has ChaCha20-Poly1305; the rest
 * of the list is kept for any that has not.
 */
final class CipherOrder {

    private CipherOrder() {
    }

    static List<String> serverPreference() {
        return Defaults.ORDER;
    }

    /** Read once: a context with no key or trust managers has the same defaults, without loading the JDK's cacerts. */
    private static final class Defaults {
        static final List<String> ORDER = read();

        private static List<String> read() {
            try {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(new KeyManager[0], new TrustManager[0], null);
                return List.copyOf(chachaFirst(Arrays.asList(context.getDefaultSSLParameters().getCipherSuites())));
            } catch (NoSuchAlgorithmException | KeyManagementException e) {
                return List.of(); // Vert.x's defaults then
            }
        }
    }

    /** {@code suites} with the ChaCha20-Poly1305 ones moved to the front, each group in its own order. */
    static List<String> chachaFirst(List<String> suites) {
        List<String> ordered = new ArrayList<>();
        suites.stream().filter(CipherOrder::chacha).forEach(ordered::add);
        suites.stream().filter(s -> !chacha(s)).forEach(ordered::add);
        return ordered;
    }

    private static boolean chacha(String suite) {
        return suite.contains("CHACHA20_POLY1305");
    }
}
