package dev.meshstage.pki;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Workload certificates and the chain check, against two meshes with independently generated roots. */
class TrustCheckTest {

    // a virtual "now" inside the CAs' validity (certificate times have whole seconds)
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(3));
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @TempDir
    static Path home;

    private static MeshCa mesh;
    private static MeshCa otherMesh;

    @BeforeAll
    static void generateOnce() {
        mesh = MeshCa.loadOrCreate(home.resolve("mesh"), List.of("cluster1", "cluster2"));
        // what the seed's approach amounts to when the clusters end up with separately generated roots
        otherMesh = MeshCa.loadOrCreate(home.resolve("other"), List.of("cluster2"));
    }

    @Test
    void aWorkloadCertificateCarriesTheSpiffeIdAndIsNoCa() throws Exception {
        String id = WorkloadCertificates.spiffeId("simple-buy", "product");
        WorkloadCertificate wc = WorkloadCertificates.issue(mesh.intermediate("cluster2"), id, CLOCK);

        assertThat(id).isEqualTo("spiffe://cluster.local/ns/simple-buy/sa/product");
        X509Certificate leaf = wc.certificate();
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(6, id));
        assertThat(leaf.getCriticalExtensionOIDs()).contains("2.5.29.17");
        assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(leaf.getNotBefore().toInstant()).isEqualTo(NOW);
        assertThat(Duration.between(NOW, wc.notAfter())).isEqualTo(Duration.ofHours(24));
        assertThat(leaf.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(wc.chain()).containsExactly(leaf, mesh.intermediate("cluster2").certificate(), mesh.rootCertificate());
        assertThat(wc.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void opensslVerifiesAWorkloadCertificateThroughTheClusterChain() throws IOException {
        Openssl.assumeAvailable();
        WorkloadCertificate wc = WorkloadCertificates.issue(mesh.intermediate("cluster1"),
                WorkloadCertificates.spiffeId("simple-buy", "frontend"), Clock.systemUTC());
        Path dir = mesh.directory();
        Files.writeString(home.resolve("workload.pem"), wc.certificatePem());

        Openssl.Result ok = Openssl.run(dir, "verify", "-CAfile", "root-cert.pem", "-untrusted",
                "cluster1/cert-chain.pem", home.resolve("workload.pem").toString());
        assertThat(ok.exit()).as(ok.output()).isZero();

        // and openssl agrees that the other mesh's root does not vouch for it
        Openssl.Result bad = Openssl.run(dir, "verify", "-CAfile", otherMesh.directory().resolve("root-cert.pem").toString(),
                "-untrusted", "cluster1/ca-cert.pem", home.resolve("workload.pem").toString());
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.output()).contains("unable to get local issuer certificate");

        String text = Openssl.run(home, "x509", "-in", "workload.pem", "-noout", "-text").output();
        assertThat(text).containsPattern("X509v3 Subject Alternative Name: critical\\s+URI:spiffe://cluster.local/ns/simple-buy/sa/frontend")
                .containsPattern("X509v3 Basic Constraints: critical\\s+CA:FALSE");
    }

    @Test
    void aChainUnderTheSharedRootVerifiesFromEitherCluster() {
        WorkloadCertificate product = WorkloadCertificates.issue(mesh.intermediate("cluster2"),
                WorkloadCertificates.spiffeId("simple-buy", "product"), Clock.systemUTC());
        // cluster1's sidecar trusts the root from cluster1's cacerts; the peer sends leaf + cluster2's chain
        TrustCheck.Result r = TrustCheck.verify(List.of(product.certificatePem(),
                mesh.intermediate("cluster2").certChainPem()), mesh.intermediate("cluster1").rootCertificatePem());
        assertThat(r.trusted()).as(r.reason()).isTrue();
        assertThat(r.reason()).isEqualTo("ok");
        assertThat(r.envoyError()).isNull();
    }

    @Test
    void anIntermediateFromAnotherRootFailsWithEnvoysWords() {
        TrustCheck.Result r = TrustCheck.verify(List.of(mesh.intermediate("cluster1").certificatePem()),
                otherMesh.rootCertificatePem());
        assertThat(r.trusted()).isFalse();
        assertThat(r.reason()).startsWith("CERTIFICATE_VERIFY_FAILED: unable to get local issuer certificate at depth 0 "
                + "(O=Istio,CN=Intermediate CA,L=cluster1)")
                .endsWith("not to the trusted root " + otherMesh.fingerprint());
        assertThat(r.envoyError()).isEqualTo("TLS error: 268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED");
    }

    @Test
    void aFullChainFromAnotherRootNamesBothRoots() {
        WorkloadCertificate wc = WorkloadCertificates.issue(otherMesh.intermediate("cluster2"),
                WorkloadCertificates.spiffeId("simple-buy", "product"), Clock.systemUTC());
        TrustCheck.Result r = TrustCheck.verify(List.of(wc.certChainPem()), mesh.rootCertificatePem());
        assertThat(r.trusted()).isFalse();
        assertThat(r.reason()).contains("unable to get local issuer certificate at depth 1")
                .contains("it chains to root " + otherMesh.fingerprint())
                .contains("not to the trusted root " + mesh.fingerprint());
    }

    @Test
    void anExpiredWorkloadCertificateFails() {
        WorkloadCertificate wc = WorkloadCertificates.issue(mesh.intermediate("cluster1"),
                WorkloadCertificates.spiffeId("simple-buy", "cart"), Duration.ofHours(1), CLOCK);
        List<X509Certificate> chain = wc.chain();
        assertThat(TrustCheck.verify(chain, mesh.rootCertificate(), NOW.plusSeconds(60)).trusted()).isTrue();
        TrustCheck.Result late = TrustCheck.verify(chain, mesh.rootCertificate(), NOW.plus(Duration.ofHours(2)));
        assertThat(late.trusted()).isFalse();
        assertThat(late.reason()).isEqualTo("CERTIFICATE_VERIFY_FAILED: certificate has expired at depth 0 "
                + "(spiffe://cluster.local/ns/simple-buy/sa/cart)");
    }

    @Test
    void aLeafWithoutItsIntermediateCannotBeChained() {
        WorkloadCertificate wc = WorkloadCertificates.issue(mesh.intermediate("cluster1"),
                WorkloadCertificates.spiffeId("a", "b"), Clock.systemUTC());
        TrustCheck.Result r = TrustCheck.verify(List.of(wc.certificatePem()), mesh.rootCertificatePem());
        assertThat(r.trusted()).isFalse();
        assertThat(r.reason()).contains("unable to get local issuer certificate")
                .contains("issued by O=Istio,CN=Intermediate CA,L=cluster1");
    }

    @Test
    void anotherRootPresentedAloneIsASelfSignedCertificate() {
        assertThat(TrustCheck.verify(List.of(mesh.rootCertificatePem()), mesh.rootCertificatePem()).trusted()).isTrue();
        TrustCheck.Result r = TrustCheck.verify(List.of(otherMesh.rootCertificatePem()), mesh.rootCertificatePem());
        assertThat(r.trusted()).isFalse();
        assertThat(r.reason()).startsWith("CERTIFICATE_VERIFY_FAILED: self-signed certificate at depth 0");
    }

    @Test
    void garbageIsAFailedVerificationNotAnException() {
        TrustCheck.Result r = TrustCheck.verify(List.of("not a pem"), mesh.rootCertificatePem());
        assertThat(r.trusted()).isFalse();
        assertThat(r.reason()).startsWith("CERTIFICATE_VERIFY_FAILED: chain entry 0 ");
        assertThat(TrustCheck.verify(List.of(), mesh.rootCertificatePem()).reason())
                .isEqualTo("CERTIFICATE_VERIFY_FAILED: no certificate presented");
    }

    @Test
    void spiffeIdsAreChecked() {
        assertThatThrownBy(() -> WorkloadCertificates.issue(mesh.intermediate("cluster1"), "product", CLOCK))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a SPIFFE ID");
    }
}
