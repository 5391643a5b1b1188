package dev.meshstage.pki;

import dev.meshstage.error.BackendException;
import org.bouncycastle.asn1.x500.X500Name;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * Would a peer that trusts {@code trustedRoot} accept this chain? Validates with the JDK's PKIX validator (no
 * revocation: Istio's mesh CA publishes none) and, when the answer is no, says why in the words a learner meets in
 * the field: BoringSSL's reason {@code CERTIFICATE_VERIFY_FAILED}, which Envoy prints for every verification failure,
 * followed by openssl's wording for the specific cause ({@code unable to get local issuer certificate},
 * {@code certificate has expired}, …) and the certificate it concerns.
 */
public final class TrustCheck {

    /** What Envoy logs and returns in a 503 body when the peer's chain does not verify (SSL lib 16, reason 125). */
    public static final String ENVOY_TLS_ERROR =
            "TLS error: 268435581:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED";

    private static final String VERIFY_FAILED = "CERTIFICATE_VERIFY_FAILED";

    /** The verdict; {@code reason} is {@code "ok"} or a one-line explanation starting with the BoringSSL reason. */
    public record Result(boolean trusted, String reason) {

        static Result ok() {
            return new Result(true, "ok");
        }

        static Result failed(String why) {
            return new Result(false, VERIFY_FAILED + ": " + why);
        }

        /** The TLS error Envoy would report for this chain, or null when it verifies. */
        public String envoyError() {
            return trusted ? null : ENVOY_TLS_ERROR;
        }
    }

    private TrustCheck() {
    }

    /**
     * Verifies now. {@code chainPems} are read in order and may each hold several certificates (a
     * {@code cert-chain.pem}), leaf first; malformed PEM is a failed verification, as in a handshake.
     */
    public static Result verify(List<String> chainPems, String trustedRootPem) {
        X509Certificate root;
        List<X509Certificate> chain = new ArrayList<>();
        try {
            root = Pem.certificate(trustedRootPem, "the trusted root");
            for (int i = 0; i < chainPems.size(); i++) {
                chain.addAll(Pem.certificates(chainPems.get(i), "chain entry " + i));
            }
        } catch (BackendException e) {
            return Result.failed(e.getMessage());
        }
        return verify(chain, root, Instant.now());
    }

    /** Verifies {@code chain} (leaf first) against {@code trustedRoot} at the instant {@code at}. */
    public static Result verify(List<X509Certificate> chain, X509Certificate trustedRoot, Instant at) {
        if (chain.isEmpty()) {
            return Result.failed("no certificate presented");
        }
        // The trust anchor is ours to choose: a root the peer sends along proves nothing, so it leaves the path
        // (and is remembered to tell the learner which root the peer was issued under).
        List<X509Certificate> path = new ArrayList<>(chain);
        X509Certificate presentedRoot = null;
        while (!path.isEmpty() && selfIssued(path.get(path.size() - 1))) {
            presentedRoot = path.remove(path.size() - 1);
        }
        if (path.isEmpty()) {
            return presentedRoot.equals(trustedRoot) ? Result.ok()
                    : Result.failed("self-signed certificate at depth 0 (" + describe(presentedRoot) + ", "
                            + Fingerprints.sha256(presentedRoot) + ")");
        }
        X509Certificate top = path.get(path.size() - 1);
        if (!issuedBy(top, trustedRoot)) {
            // Checked before PKIX: two roots with the same name ("O=Istio, CN=Root CA") would otherwise surface as a
            // bare signature failure instead of the missing-issuer error openssl and BoringSSL give.
            String under = presentedRoot != null
                    ? "it chains to root " + Fingerprints.sha256(presentedRoot)
                    : "it was issued by " + name(top.getIssuerX500Principal().getEncoded());
            return Result.failed("unable to get local issuer certificate at depth " + (path.size() - 1) + " ("
                    + describe(top) + "): " + under + ", not to the trusted root " + Fingerprints.sha256(trustedRoot));
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(trustedRoot, null)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(certPath, params);
            return Result.ok();
        } catch (CertPathValidatorException e) {
            int depth = e.getIndex();
            String where = depth >= 0 && depth < path.size()
                    ? " at depth " + depth + " (" + describe(path.get(depth)) + ")" : "";
            return Result.failed(opensslWords(e) + where);
        } catch (CertificateException | InvalidAlgorithmParameterException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK's PKIX validator is unavailable", e);
        }
    }

    /** openssl's {@code X509_verify_cert_error_string} for the JDK's reason. */
    private static String opensslWords(CertPathValidatorException e) {
        if (e.getReason() instanceof BasicReason basic) {
            switch (basic) {
                case EXPIRED:
                    return "certificate has expired";
                case NOT_YET_VALID:
                    return "certificate is not yet valid";
                case INVALID_SIGNATURE:
                    return "certificate signature failure";
                default:
                    break;
            }
        } else if (e.getReason() instanceof PKIXReason pkix) {
            switch (pkix) {
                case NOT_CA_CERT:
                    return "invalid CA certificate";
                case PATH_TOO_LONG:
                    return "path length constraint exceeded";
                case INVALID_KEY_USAGE:
                    return "key usage does not include certificate signing";
                case NO_TRUST_ANCHOR:
                case NAME_CHAINING:
                    return "unable to get local issuer certificate";
                case UNRECOGNIZED_CRIT_EXT:
                    return "unhandled critical extension";
                default:
                    break;
            }
        }
        return e.getMessage();
    }

    private static boolean selfIssued(X509Certificate cert) {
        return cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal()) && issuedBy(cert, cert);
    }

    private static boolean issuedBy(X509Certificate cert, X509Certificate issuer) {
        if (!cert.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The subject in encoded order as openssl prints it, or the SPIFFE ID of a subject-less workload cert. */
    private static String describe(X509Certificate cert) {
        if (!cert.getSubjectX500Principal().getName().isEmpty()) {
            return name(cert.getSubjectX500Principal().getEncoded());
        }
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(6).equals(san.get(0))) { // uniformResourceIdentifier
                        return String.valueOf(san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // fall back to the serial below
        }
        return "serial " + cert.getSerialNumber().toString(16);
    }

    private static String name(byte[] encoded) {
        return X500Name.getInstance(encoded).toString();
    }
}
