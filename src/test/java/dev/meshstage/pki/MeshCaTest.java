package dev.meshstage.pki;

import dev.meshstage.error.BackendException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MeshCaTest {

    private static final List<String> CLUSTERS = List.of("cluster1", "cluster2");

    @TempDir
    static Path home;

    private static Path dir;
    private static MeshCa ca;

    @BeforeAll
    static void generateOnce() {
        // RSA-4096 costs about a second per key: the root and both intermediates are made once for the class.
        dir = home.resolve("pki").resolve("mesh");
        ca = MeshCa.loadOrCreate(dir, CLUSTERS);
    }

    @Test
    void writesTheMakefileLayout() throws IOException {
        assertThat(dir.resolve("root-cert.pem")).isRegularFile();
        assertThat(dir.resolve("root-key.pem")).isRegularFile();
        for (String c : CLUSTERS) {
            for (String f : List.of("ca-cert.pem", "ca-key.pem", "root-cert.pem", "cert-chain.pem")) {
                assertThat(dir.resolve(c).resolve(f)).isRegularFile();
            }
            assertThat(Files.readString(dir.resolve(c).resolve("cert-chain.pem")))
                    .isEqualTo(Files.readString(dir.resolve(c).resolve("ca-cert.pem"))
                            + Files.readString(dir.resolve("root-cert.pem")));
            assertThat(Files.readString(dir.resolve(c).resolve("root-cert.pem")))
                    .isEqualTo(Files.readString(dir.resolve("root-cert.pem")));
        }
        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
        assertThat(Files.readString(dir.resolve("root-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----\n");
    }

    @Test
    void keysAre0600AndDirectories0700() throws IOException {
        for (Path key : List.of(dir.resolve("root-key.pem"), dir.resolve("cluster1/ca-key.pem"),
                dir.resolve("cluster2/ca-key.pem"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).as(key.toString())
                    .isEqualTo("rw-------");
        }
        for (Path d : List.of(dir, dir.resolve("cluster1"), dir.resolve("cluster2"), home.resolve("pki"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(d))).as(d.toString())
                    .isEqualTo("rwx------");
        }
    }

    @Test
    void opensslVerifiesEachIntermediateAgainstTheRoot() {
        Openssl.assumeAvailable();
        for (String c : CLUSTERS) {
            Openssl.Result r = Openssl.run(dir, "verify", "-CAfile", "root-cert.pem", "-untrusted",
                    c + "/ca-cert.pem", c + "/ca-cert.pem");
            assertThat(r.exit()).as(r.output()).isZero();
            assertThat(r.output()).contains(c + "/ca-cert.pem: OK");
        }
    }

    @Test
    void opensslReadsTheRootAsTheMakefileWritesIt() {
        Openssl.assumeAvailable();
        String text = Openssl.run(dir, "x509", "-in", "root-cert.pem", "-noout", "-text").output();
        assertThat(text)
                .contains("Issuer: O = Istio, CN = Root CA")
                .contains("Subject: O = Istio, CN = Root CA")
                .contains("Public-Key: (4096 bit)")
                .contains("Signature Algorithm: sha256WithRSAEncryption")
                .containsPattern("X509v3 Basic Constraints: critical\\s+CA:TRUE\\n")
                .containsPattern("X509v3 Key Usage: critical\\s+Digital Signature, Non Repudiation, "
                        + "Key Encipherment, Certificate Sign\\n")
                .contains("X509v3 Subject Key Identifier:");
        assertThat(validityDays(dir.resolve("root-cert.pem"))).isEqualTo(3650);
    }

    @Test
    void opensslReadsTheIntermediatesAsTheMakefileWritesThem() {
        Openssl.assumeAvailable();
        for (String c : CLUSTERS) {
            String text = Openssl.run(dir, "x509", "-in", c + "/ca-cert.pem", "-noout", "-text").output();
            assertThat(text)
                    .contains("Issuer: O = Istio, CN = Root CA")
                    .contains("Subject: O = Istio, CN = Intermediate CA, L = " + c)
                    .contains("Public-Key: (4096 bit)")
                    .containsPattern("X509v3 Basic Constraints: critical\\s+CA:TRUE, pathlen:0\\n")
                    .containsPattern("X509v3 Key Usage: critical\\s+Digital Signature, Non Repudiation, "
                            + "Key Encipherment, Certificate Sign\\n")
                    .containsPattern("X509v3 Subject Alternative Name: \\s+DNS:istiod.istio-system.svc\\n")
                    .contains("X509v3 Subject Key Identifier:")
                    .contains("X509v3 Authority Key Identifier:");
            assertThat(serialBits(text)).isBetween(150, 159);
        }
        assertThat(validityDays(dir.resolve("cluster1/ca-cert.pem"))).isEqualTo(3650);
    }

    @Test
    void authorityKeyIdOfEachIntermediateIsTheRootsSubjectKeyId() {
        Openssl.assumeAvailable();
        String rootText = Openssl.run(dir, "x509", "-in", "root-cert.pem", "-noout", "-text").output();
        String rootSki = afterLine(rootText, "X509v3 Subject Key Identifier:");
        String interText = Openssl.run(dir, "x509", "-in", "cluster1/ca-cert.pem", "-noout", "-text").output();
        assertThat(afterLine(interText, "X509v3 Authority Key Identifier:")).contains(rootSki);
    }

    @Test
    void fingerprintsMatchOpensslAndShowOneRootWithTwoIntermediates() {
        Openssl.assumeAvailable();
        String openssl = Openssl.run(dir, "x509", "-in", "root-cert.pem", "-noout", "-fingerprint", "-sha256").output();
        assertThat(openssl.trim()).isEqualTo("sha256 Fingerprint=" + ca.fingerprint());
        assertThat(ca.fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(ca.intermediate("cluster1").fingerprint()).isNotEqualTo(ca.intermediate("cluster2").fingerprint())
                .isNotEqualTo(ca.fingerprint());
    }

    @Test
    void cacertsHoldsTheFourFilesIstiodReads() throws IOException {
        assertThat(ca.cacerts("cluster2")).containsOnlyKeys("ca-cert.pem", "ca-key.pem", "root-cert.pem",
                "cert-chain.pem");
        for (String key : ca.cacerts("cluster2").keySet()) {
            assertThat(ca.cacerts("cluster2").get(key)).as(key)
                    .isEqualTo(Files.readString(dir.resolve("cluster2").resolve(key)));
        }
        assertThat(ca.clusters()).containsExactly("cluster1", "cluster2");
        assertThatThrownBy(() -> ca.intermediate("cluster9")).isInstanceOf(BackendException.class)
                .hasMessageContaining("no intermediate for cluster cluster9");
    }

    @Test
    void aCacertsSecretReadsBackIntoTheSameIntermediate() {
        IntermediateCa back = IntermediateCa.fromCacerts("cluster1", ca.cacerts("cluster1"));
        assertThat(back.fingerprint()).isEqualTo(ca.intermediate("cluster1").fingerprint());
        assertThat(back.rootCertificate()).isEqualTo(ca.rootCertificate());

        java.util.Map<String, String> partial = new java.util.HashMap<>(ca.cacerts("cluster1"));
        partial.remove("cert-chain.pem");
        assertThatThrownBy(() -> IntermediateCa.fromCacerts("cluster1", partial)).isInstanceOf(BackendException.class)
                .hasMessage("cacerts of cluster1 has no cert-chain.pem, so istiod would use its self-signed CA instead");

        java.util.Map<String, String> swapped = new java.util.HashMap<>(ca.cacerts("cluster1"));
        swapped.put("ca-key.pem", ca.cacerts("cluster2").get("ca-key.pem"));
        assertThatThrownBy(() -> IntermediateCa.fromCacerts("cluster1", swapped))
                .hasMessage("cacerts of cluster1: ca-key.pem does not belong to ca-cert.pem");
    }

    @Test
    void loadingAgainReusesEverything() {
        MeshCa again = MeshCa.loadOrCreate(dir, CLUSTERS);
        assertThat(again.fingerprint()).isEqualTo(ca.fingerprint());
        for (String c : CLUSTERS) {
            assertThat(again.intermediate(c).fingerprint()).isEqualTo(ca.intermediate(c).fingerprint());
            assertThat(again.intermediate(c).privateKey()).isEqualTo(ca.intermediate(c).privateKey());
        }
    }

    @Test
    void aNewClusterGetsAnIntermediateUnderTheSameRoot() throws IOException {
        Path copy = copyOfCa("add");
        MeshCa grown = MeshCa.loadOrCreate(copy, List.of("cluster1", "cluster2", "cluster3"));
        assertThat(grown.fingerprint()).isEqualTo(ca.fingerprint());
        assertThat(grown.intermediate("cluster1").fingerprint()).isEqualTo(ca.intermediate("cluster1").fingerprint());
        assertThat(TrustCheck.verify(List.of(grown.intermediate("cluster3").certificatePem()),
                ca.rootCertificatePem()).trusted()).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.resolve("cluster3/ca-key.pem"))))
                .isEqualTo("rw-------");
    }

    @Test
    void rotateMakesANewRootForEveryClusterOnDisk() throws IOException {
        Path copy = copyOfCa("rotate");
        MeshCa rotated = MeshCa.rotate(copy, List.of("cluster1"));
        assertThat(rotated.fingerprint()).isNotEqualTo(ca.fingerprint());
        assertThat(rotated.clusters()).containsExactly("cluster1", "cluster2");
        assertThat(rotated.intermediate("cluster2").fingerprint()).isNotEqualTo(ca.intermediate("cluster2").fingerprint());
        // the old intermediate is no longer trusted under the new root, the new one is
        assertThat(TrustCheck.verify(List.of(ca.intermediate("cluster1").certificatePem()),
                rotated.rootCertificatePem()).trusted()).isFalse();
        assertThat(TrustCheck.verify(List.of(rotated.intermediate("cluster1").certificatePem()),
                rotated.rootCertificatePem()).trusted()).isTrue();
        // and what is on disk is the rotated material
        assertThat(MeshCa.loadOrCreate(copy, CLUSTERS).fingerprint()).isEqualTo(rotated.fingerprint());
    }

    @Test
    void anIntermediateFromAnotherRootIsReportedNotUsed() throws IOException {
        Path copy = copyOfCa("foreign");
        Path other = home.resolve("other");
        MeshCa.rotate(other, List.of("cluster1")); // a different root for the same cluster name
        Files.copy(other.resolve("cluster1/ca-cert.pem"), copy.resolve("cluster1/ca-cert.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> MeshCa.loadOrCreate(copy, CLUSTERS)).isInstanceOf(BackendException.class)
                .hasMessageContaining("cluster1/ca-cert.pem was not issued by")
                .hasMessageContaining("rotate the mesh CA")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aPendingIdentityIsSignedOnceWithTheSerialAndTimeItWasMintedWith() throws Exception {
        IntermediateCa cluster1 = ca.intermediate("cluster1");
        java.time.Instant minted = java.time.Instant.parse("2026-12-01T10:00:00Z");
        PendingIdentity pending = WorkloadCertificates.issueLater(cluster1, WorkloadCertificates.spiffeId("simple-buy", "cart"),
                java.time.Clock.fixed(minted, java.time.ZoneOffset.UTC));
        assertThat(pending.serial().bitLength()).isEqualTo(159);
        assertThat(pending.issuedAt()).isEqualTo(minted);

        WorkloadCertificate cert = pending.certificate();
        assertThat(cert.certificate().getSerialNumber()).isEqualTo(pending.serial());
        assertThat(cert.certificate().getNotBefore().toInstant()).isEqualTo(minted);
        assertThat(cert.notAfter()).isEqualTo(minted.plus(WorkloadCertificates.DEFAULT_TTL));
        assertThat(cert.spiffeId()).isEqualTo("spiffe://cluster.local/ns/simple-buy/sa/cart");
        cert.certificate().verify(cluster1.certificate().getPublicKey());
        assertThat(pending.certificate()).isSameAs(cert);

        PendingIdentity other = WorkloadCertificates.issueLater(cluster1, WorkloadCertificates.spiffeId("simple-buy", "cart"),
                java.time.Clock.fixed(minted, java.time.ZoneOffset.UTC));
        assertThat(other.serial()).isNotEqualTo(pending.serial());
        assertThatThrownBy(() -> WorkloadCertificates.issueLater(cluster1, "not-spiffe",
                java.time.Clock.fixed(minted, java.time.ZoneOffset.UTC))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKeyMatchesItsOwnCertificateOnlyAndAnEcKeyIsProvenBySigning() {
        IntermediateCa cluster1 = ca.intermediate("cluster1");
        IntermediateCa cluster2 = ca.intermediate("cluster2");
        assertThat(Signing.matches(cluster1.certificate(), cluster1.privateKey())).isTrue();
        assertThat(Signing.matches(cluster1.certificate(), cluster2.privateKey())).isFalse();
        assertThat(Signing.matches(ca.rootCertificate(), cluster1.privateKey())).isFalse();
        WorkloadCertificate leaf = WorkloadCertificates.issue(cluster1, WorkloadCertificates.spiffeId("a", "b"),
                java.time.Clock.systemUTC());
        assertThat(Signing.matches(leaf.certificate(), leaf.privateKey())).isTrue();
        assertThat(Signing.matches(leaf.certificate(), cluster1.privateKey())).isFalse();
        assertThat(Signing.matches(cluster1.certificate(), leaf.privateKey())).isFalse();
    }

    @Test
    void aKeyThatDoesNotMatchItsCertificateIsReported() throws IOException {
        Path copy = copyOfCa("swapped");
        Files.copy(dir.resolve("cluster2/ca-key.pem"), copy.resolve("cluster1/ca-key.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThatThrownBy(() -> MeshCa.loadOrCreate(copy, CLUSTERS)).isInstanceOf(BackendException.class)
                .hasMessageContaining("cluster1/ca-key.pem does not belong to");
    }

    @Test
    void intermediatesWithoutTheirRootAreReported() throws IOException {
        Path copy = copyOfCa("rootless");
        Files.delete(copy.resolve("root-cert.pem"));
        assertThatThrownBy(() -> MeshCa.loadOrCreate(copy, CLUSTERS)).isInstanceOf(BackendException.class)
                .hasMessageContaining("cluster1/ca-cert.pem exists but")
                .hasMessageContaining("root-cert.pem is missing");
    }

    @Test
    void aMissingRootKeyOnlyMattersWhenSomethingMustBeSigned() throws IOException {
        Path copy = copyOfCa("offline-root");
        Files.delete(copy.resolve("root-key.pem"));
        assertThat(MeshCa.loadOrCreate(copy, CLUSTERS).fingerprint()).isEqualTo(ca.fingerprint());
        assertThatThrownBy(() -> MeshCa.loadOrCreate(copy, List.of("cluster3"))).isInstanceOf(BackendException.class)
                .hasMessageContaining("root-key.pem is missing");
    }

    @Test
    void derivedFilesAreRepaired() throws IOException {
        Path copy = copyOfCa("repair");
        Files.delete(copy.resolve("cluster1/cert-chain.pem"));
        Files.writeString(copy.resolve("cluster2/root-cert.pem"), "stale");
        MeshCa.loadOrCreate(copy, CLUSTERS);
        assertThat(Files.readString(copy.resolve("cluster1/cert-chain.pem"))).isEqualTo(ca.intermediate("cluster1").certChainPem());
        assertThat(Files.readString(copy.resolve("cluster2/root-cert.pem"))).isEqualTo(ca.rootCertificatePem());
    }

    @Test
    void clusterNamesMustBeDnsLabels() {
        assertThatThrownBy(() -> MeshCa.loadOrCreate(dir, List.of("../evil"))).isInstanceOf(BackendException.class)
                .hasMessage("invalid cluster name \"../evil\": must be a DNS-1123 label (lower-case letters, digits "
                        + "and '-', at most 63 characters)");
    }

    @Test
    void everyCertificateIsValidForTenYears() {
        Duration root = Duration.between(ca.rootCertificate().getNotBefore().toInstant(),
                ca.rootCertificate().getNotAfter().toInstant());
        assertThat(root).isEqualTo(Duration.ofDays(3650));
        assertThat(ca.rootCertificate().getSerialNumber().signum()).isPositive();
        assertThat(ca.rootCertificate().getSerialNumber().bitLength()).isEqualTo(159);
    }

    // ------------------------------------------------------------------ helpers

    private static Path copyOfCa(String name) throws IOException {
        Path target = home.resolve(name);
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.naturalOrder()).toList()) {
                Path t = target.resolve(dir.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return target;
    }

    private static long validityDays(Path cert) {
        String dates = Openssl.run(cert.getParent(), "x509", "-in", cert.getFileName().toString(), "-noout",
                "-startdate", "-enddate").output();
        java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy z",
                java.util.Locale.ROOT);
        java.time.ZonedDateTime start = java.time.ZonedDateTime.parse(afterEquals(dates, "notBefore"), f);
        java.time.ZonedDateTime end = java.time.ZonedDateTime.parse(afterEquals(dates, "notAfter"), f);
        return Duration.between(start, end).toDays();
    }

    private static String afterEquals(String text, String key) {
        return text.lines().filter(l -> l.startsWith(key + "=")).findFirst().orElseThrow()
                .substring(key.length() + 1).trim();
    }

    private static String afterLine(String text, String header) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size() - 1; i++) {
            if (lines.get(i).trim().equals(header)) {
                return lines.get(i + 1).trim();
            }
        }
        throw new AssertionError(header + " not in\n" + text);
    }

    private static int serialBits(String text) {
        String hex = afterLine(text, "Serial Number:").replace(":", "");
        return new java.math.BigInteger(hex, 16).bitLength();
    }
}
