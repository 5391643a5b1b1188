package dev.meshstage.pki;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The two certificate profiles of Istio's {@code tools/certs} ({@code common.mk}, {@code Makefile.selfsigned.mk}):
 * the self-signed root ({@code root-ca.conf}) and a per-cluster intermediate ({@code intermediate.conf}), same
 * subjects, lifetimes and extensions, so {@code openssl x509 -text} of meshstage's files reads like the Makefile's.
 */
final class CaProfiles {

    /** {@code ROOTCA_DAYS} and {@code INTERMEDIATE_DAYS}. */
    static final Duration VALIDITY = Duration.ofDays(3650);

    /** The intermediate's SAN: istiod serves its CA/XDS port under this name. */
    static final String ISTIOD_SAN = "istiod.istio-system.svc";

    // digitalSignature, nonRepudiation, keyEncipherment, keyCertSign: the list both .conf files use.
    private static final KeyUsage CA_KEY_USAGE = new KeyUsage(
            KeyUsage.digitalSignature | KeyUsage.nonRepudiation | KeyUsage.keyEncipherment | KeyUsage.keyCertSign);

    private CaProfiles() {
    }

    static X509Certificate root(KeyPair keys, Instant now) {
        // RDN order as in root-ca.conf's [req_dn]: O first, then CN.
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Istio")
                .addRDN(BCStyle.CN, "Root CA")
                .build();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, Signing.serial(),
                Date.from(now), Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, CA_KEY_USAGE);
        } catch (CertIOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot build root CA extensions", e);
        }
        return Signing.sign(builder, keys.getPrivate());
    }

    static X509Certificate intermediate(String cluster, PublicKey key, X509Certificate root, PrivateKey rootKey,
            Instant now) {
        // intermediate.conf's [req_dn]: O, CN, then L = the cluster's directory name.
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Istio")
                .addRDN(BCStyle.CN, "Intermediate CA")
                .addRDN(BCStyle.L, cluster)
                .build();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(root, Signing.serial(),
                Date.from(now), Date.from(now.plus(VALIDITY)), subject, key);
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
            // keyid only, computed from the root's key exactly as its SKI was, so AKI == root SKI.
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(root.getPublicKey()));
            // pathlen:0 — an intermediate signs workloads, never another CA.
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, CA_KEY_USAGE);
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, ISTIOD_SAN)));
        } catch (CertIOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot build intermediate CA extensions for " + cluster, e);
        }
        return Signing.sign(builder, rootKey);
    }

    /**
     * What istiod makes for itself when no {@code cacerts} is plugged in ({@code security/pkg/pki/ca}): a self-signed
     * CA named after the trust domain ({@code O=cluster.local}), ten years ({@code CITADEL_SELF_SIGNED_CA_CERT_TTL}),
     * stored as {@code istio-ca-secret}. Each cluster's istiod makes its own, hence two roots without plugged CAs.
     */
    static X509Certificate istiodSelfSigned(KeyPair keys, String trustDomain, Instant now) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, trustDomain).build();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, Signing.serial(),
                Date.from(now), Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign));
        } catch (CertIOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot build istiod's self-signed CA extensions", e);
        }
        return Signing.sign(builder, keys.getPrivate());
    }
}
