package dev.meshstage.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.LinkedHashMap;
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
