package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.pki.ClusterCertificates;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import java.nio.ByteBuffer;
import java.security.KeyStore;

import static org.assertj.core.api.Assertions.assertThat;

class ServingKeyManagerTest {

    private static final ClusterCertificates CERTS = ClusterCertificates.generate("cluster1");

    private static ServingKeyManager manager() {
        return new ServingKeyManager(CERTS.servingKey(), CERTS.servingCertificate(), CERTS.caCertificate());
    }

    @Test
    void offersItsKeyForItsOwnTypeOnlyAndNeverAsAClient() {
        ServingKeyManager m = manager();
        assertThat(m.chooseEngineServerAlias("EC", null, null)).isEqualTo("serving");
        assertThat(m.chooseServerAlias("EC", null, null)).isEqualTo("serving");
        assertThat(m.getServerAliases("EC", null)).containsExactly("serving");
        assertThat(m.chooseEngineServerAlias("RSA", null, null)).isNull();
        assertThat(m.getServerAliases("RSASSA-PSS", null)).isNull();
        assertThat(m.chooseClientAlias(new String[] {"EC"}, null, null)).isNull();
        assertThat(m.getClientAliases("EC", null)).isNull();
        assertThat(m.getPrivateKey("serving")).isSameAs(CERTS.servingKey());
        assertThat(m.getPrivateKey("other")).isNull();
        assertThat(m.getCertificateChain("serving")).containsExactly(CERTS.servingCertificate(), CERTS.caCertificate());
        assertThat(m.getCertificateChain("other")).isNull();
    }

    @Test
    void aClientTrustingTheClusterCaCompletesAHandshakeWithIt() throws Exception {
        SSLContext server = SSLContext.getInstance("TLSv1.3");
        server.init(new javax.net.ssl.KeyManager[] {manager()}, null, null);
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("ca", CERTS.caCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLSv1.3");
        client.init(null, tmf.getTrustManagers(), null);

        SSLEngine s = server.createSSLEngine();
        s.setUseClientMode(false);
        SSLEngine c = client.createSSLEngine("localhost", 443);
        c.setUseClientMode(true);
        handshake(c, s);
        SSLSession session = c.getSession();
        assertThat(session.getPeerCertificates()[0]).isEqualTo(CERTS.servingCertificate());
    }

    /** Drives both engines over in-memory buffers until neither needs anything more. */
    private static void handshake(SSLEngine c, SSLEngine s) throws Exception {
        int size = Math.max(c.getSession().getPacketBufferSize(), s.getSession().getPacketBufferSize());
        ByteBuffer toServer = ByteBuffer.allocate(size * 4);
        ByteBuffer toClient = ByteBuffer.allocate(size * 4);
        ByteBuffer app = ByteBuffer.allocate(size * 4);
        ByteBuffer empty = ByteBuffer.allocate(0);
        c.beginHandshake();
        s.beginHandshake();
        for (int i = 0; i < 100 && !(done(c) && done(s)); i++) {
            step(c, empty, toServer, toClient, app);
            step(s, empty, toClient, toServer, app);
        }
        assertThat(done(c) && done(s)).as("handshake finished").isTrue();
    }

    private static boolean done(SSLEngine e) {
        var st = e.getHandshakeStatus();
        return st == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING || st == SSLEngineResult.HandshakeStatus.FINISHED;
    }

    private static void step(SSLEngine e, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer app) throws Exception {
        switch (e.getHandshakeStatus()) {
            case NEED_WRAP -> e.wrap(empty, out);
            case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                in.flip();
                e.unwrap(in, app);
                in.compact();
            }
            case NEED_TASK -> {
                Runnable t;
                while ((t = e.getDelegatedTask()) != null) {
                    t.run();
                }
            }
            default -> { }
        }
    }
}
