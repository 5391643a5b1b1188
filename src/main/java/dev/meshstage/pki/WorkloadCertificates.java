package dev.meshstage.pki;

import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;

/**
 * Mints workload certificates the way istiod's CA does for a sidecar's CSR: no subject, the SPIFFE ID as the only
 * (critical) SAN, not a CA, usable for both ends of mTLS, signed by the cluster's intermediate. The sim's istiod
 * uses this; a clock is passed so the sim's virtual time decides expiry.
 */
public final class WorkloadCertificates {

    /** istiod's {@code DEFAULT_WORKLOAD_CERT_TTL}. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(24);

    /** The trust domain of a default install (meshConfig.trustDomain). */
    public static final String TRUST_DOMAIN = "cluster.local";

    private WorkloadCertificates() {
    }

    /** {@code spiffe://cluster.local/ns/<namespace>/sa/<serviceAccount>}. */
    public static String spiffeId(String namespace, String serviceAccount) {
        return "spiffe://" + TRUST_DOMAIN + "/ns/" + namespace + "/sa/" + serviceAccount;
    }

    public static WorkloadCertificate issue(IntermediateCa intermediate, String spiffeId, Clock clock) {
        return issue(intermediate, spiffeId, DEFAULT_TTL, clock);
    }

    public static WorkloadCertificate issue(IntermediateCa intermediate, String spiffeId, Duration ttl, Clock clock) {
        return issue(intermediate, spiffeId, ttl, clock, Signing.serial());
    }

    /**
     * An identity whose serial is chosen now and whose certificate is signed the first time it is asked for, with
     * the same issuer, dates and serial as if signed now: the sim's istiod mints one per injected pod and logs its
     * serial, and an RSA-4096 signature costs a tenth of a second on the client compiler, for a certificate that is
     * mostly never read.
     */
    public static PendingIdentity issueLater(IntermediateCa intermediate, String spiffeId, Clock clock) {
        spiffeUri(spiffeId); // a bad ID fails now, not when first read
        return new PendingIdentity(intermediate, spiffeId, Clock.fixed(clock.instant(), ZoneOffset.UTC), Signing.serial());
    }

    static WorkloadCertificate issue(IntermediateCa intermediate, String spiffeId, Duration ttl, Clock clock, BigInteger serial) {
        URI uri = spiffeUri(spiffeId);
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("workload certificate TTL must be positive: " + ttl);
        }
        Instant now = clock.instant();
        KeyPair keys = Signing.ecP256();
        X509Certificate issuer = intermediate.certificate();
        // The issuer name is copied from the intermediate's encoding, so name chaining matches byte for byte.
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial, Date.from(now),
                Date.from(now.plus(ttl)), new X500Name(new RDN[0]), keys.getPublic());
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(issuer.getPublicKey()));
            // RFC 5280 §4.2.1.6: with an empty subject the SAN carries the identity and must be critical.
            builder.addExtension(Extension.subjectAlternativeName, true,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri.toString())));
        } catch (CertIOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot build workload certificate extensions for " + spiffeId, e);
        }
        X509Certificate leaf = Signing.sign(builder, intermediate.privateKey());
        return new WorkloadCertificate(uri.toString(), leaf, keys.getPrivate(),
                List.of(leaf, issuer, intermediate.rootCertificate()));
    }

    private static URI spiffeUri(String spiffeId) {
        try {
            URI uri = new URI(spiffeId);
            if ("spiffe".equals(uri.getScheme()) && uri.getHost() != null && uri.getPath() != null
                    && uri.getPath().startsWith("/")) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // fall through to the common message
        }
        throw new IllegalArgumentException("not a SPIFFE ID (spiffe://<trust domain>/ns/<ns>/sa/<sa>): " + spiffeId);
    }
}
