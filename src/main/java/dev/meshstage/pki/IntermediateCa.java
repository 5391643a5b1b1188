package dev.meshstage.pki;

import dev.meshstage.error.BackendException;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One cluster's signing CA: the intermediate that cluster's istiod signs workload certificates with, and the
 * mesh root it chains to. This is what goes into the cluster's {@code cacerts} Secret.
 */
public final class IntermediateCa {

    /** Entry names of the {@code cacerts} Secret, which istiod reads (also the file names under the cluster's dir). */
    public static final String CA_CERT = "ca-cert.pem";
    public static final String CA_KEY = "ca-key.pem";
    public static final String ROOT_CERT = "root-cert.pem";
    public static final String CERT_CHAIN = "cert-chain.pem";

    private final String cluster;
    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final X509Certificate rootCertificate;

    IntermediateCa(String cluster, X509Certificate certificate, PrivateKey privateKey, X509Certificate rootCertificate) {
        this.cluster = cluster;
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.rootCertificate = rootCertificate;
    }

    /**
     * Reads a {@code cacerts} Secret's entries back, as istiod does at start: all four must be present (otherwise
     * istiod falls back to its self-signed CA), the key must belong to {@code ca-cert.pem}, and {@code ca-cert.pem}
     * must be signed by {@code root-cert.pem}.
     */
    public static IntermediateCa fromCacerts(String cluster, Map<String, String> entries) {
        String where = "cacerts of " + cluster;
        for (String key : List.of(CA_CERT, CA_KEY, ROOT_CERT, CERT_CHAIN)) {
            String value = entries.get(key);
            if (value == null || value.isBlank()) {
                throw new BackendException(where + " has no " + key + ", so istiod would use its self-signed CA instead");
            }
        }
        X509Certificate cert = Pem.certificate(entries.get(CA_CERT), where + "/" + CA_CERT);
        PrivateKey key = Pem.privateKey(entries.get(CA_KEY), where + "/" + CA_KEY);
        X509Certificate root = Pem.certificate(entries.get(ROOT_CERT), where + "/" + ROOT_CERT);
        if (!Signing.matches(cert, key)) {
            throw new BackendException(where + ": " + CA_KEY + " does not belong to " + CA_CERT);
        }
        try {
            cert.verify(root.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new BackendException(where + ": " + CA_CERT + " is not signed by " + ROOT_CERT, e);
        }
        return new IntermediateCa(cluster, cert, key, root);
    }

    /**
     * istiod's own CA when no {@code cacerts} is plugged in: self-signed, so it is its own root. Two clusters that
     * each make one have different roots, and cross-cluster mTLS fails with {@code CERTIFICATE_VERIFY_FAILED}.
     */
    public static IntermediateCa selfSigned(String cluster, Instant now) {
        java.security.KeyPair keys = Signing.rsa2048();
        X509Certificate cert = CaProfiles.istiodSelfSigned(keys, WorkloadCertificates.TRUST_DOMAIN, now);
        return new IntermediateCa(cluster, cert, keys.getPrivate(), cert);
    }

    /**
     * Reads istiod's {@code istio-ca-secret} back (self-signed: {@code ca-cert.pem} is also the root); the key must
     * belong to the certificate.
     */
    public static IntermediateCa fromIstioCaSecret(String cluster, Map<String, String> entries) {
        String where = "istio-ca-secret of " + cluster;
        X509Certificate cert = Pem.certificate(entries.getOrDefault(CA_CERT, ""), where + "/" + CA_CERT);
        PrivateKey key = Pem.privateKey(entries.getOrDefault(CA_KEY, ""), where + "/" + CA_KEY);
        if (!Signing.matches(cert, key)) {
            throw new BackendException(where + ": " + CA_KEY + " does not belong to " + CA_CERT);
        }
        return new IntermediateCa(cluster, cert, key, cert);
    }

    public String cluster() {
        return cluster;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public X509Certificate rootCertificate() {
        return rootCertificate;
    }

    public String certificatePem() {
        return Pem.encode(certificate);
    }

    public String privateKeyPem() {
        return Pem.encode(privateKey);
    }

    public String rootCertificatePem() {
        return Pem.encode(rootCertificate);
    }

    /** The intermediate followed by the root, as the Makefile's {@code cat ca-cert.pem root-cert.pem}. */
    public String certChainPem() {
        return certificatePem() + rootCertificatePem();
    }

    /** SHA-256 of this intermediate; differs per cluster while the root's is shared. */
    public String fingerprint() {
        return Fingerprints.sha256(certificate);
    }

    /**
     * The four entries of the {@code cacerts} Secret ({@code stringData}), in the order of the documented
     * {@code kubectl create secret generic cacerts --from-file=…} command.
     */
    public Map<String, String> cacerts() {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(CA_CERT, certificatePem());
        entries.put(CA_KEY, privateKeyPem());
        entries.put(ROOT_CERT, rootCertificatePem());
        entries.put(CERT_CHAIN, certChainPem());
        return Collections.unmodifiableMap(entries);
    }

    @Override
    public String toString() {
        return "IntermediateCa[" + cluster + ", " + fingerprint() + "]";
    }
}
