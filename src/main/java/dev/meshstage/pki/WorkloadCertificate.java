package dev.meshstage.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A workload identity as istiod hands it to a sidecar over SDS: the leaf, its key, and the chain up to the mesh
 * root ({@code chain} = leaf, cluster intermediate, root).
 */
public record WorkloadCertificate(String spiffeId, X509Certificate certificate, PrivateKey privateKey,
        List<X509Certificate> chain) {

    public WorkloadCertificate {
        chain = List.copyOf(chain);
    }

    public String certificatePem() {
        return Pem.encode(certificate);
    }

    public String privateKeyPem() {
        return Pem.encode(privateKey);
    }

    /** Leaf, intermediate, root: Envoy's {@code cert_chain}. */
    public String certChainPem() {
        StringBuilder pem = new StringBuilder();
        chain.forEach(c -> pem.append(Pem.encode(c)));
        return pem.toString();
    }

    public X509Certificate rootCertificate() {
        return chain.get(chain.size() - 1);
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    @Override
    public String toString() {
        // no key material in logs
        return "WorkloadCertificate[" + spiffeId + ", until " + notAfter() + "]";
    }
}
