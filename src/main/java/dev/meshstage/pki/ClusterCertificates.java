package dev.meshstage.pki;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * The PKI of one simulated cluster, shaped like kubeadm's: a self-signed RSA-2048 CA {@code CN=kubernetes}
 * and an API server serving certificate signed by it, valid for loopback and the in-cluster names
 * ({@code kubernetes.default.svc…}, {@code <cluster>-control-plane}). Stored as PEM files
 * ({@code ca.crt}, {@code ca.key}, {@code apiserver.crt}, {@code apiserver.key}; keys mode 0600).
 */
public final class ClusterCertificates {

    public static final String CA_CERT = "ca.crt";
    public static final String CA_KEY = "ca.key";
    public static final String SERVING_CERT = "apiserver.crt";
    public static final String SERVING_KEY = "apiserver.key";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String cluster;
    private final X509Certificate caCert;
    private final PrivateKey caKey;
    private final X509Certificate servingCert;
    private final PrivateKey servingKey;

    private ClusterCertificates(String cluster, X509Certificate caCert, PrivateKey caKey, X509Certificate servingCert,
            PrivateKey servingKey) {
        this.cluster = cluster;
        this.caCert = caCert;
        this.caKey = caKey;
        this.servingCert = servingCert;
        this.servingKey = servingKey;
    }

    /**
     * A fresh CA (RSA-2048) and serving certificate (ECDSA P-256): 10 years for the CA, 1 year for the serving
     * certificate, as kubeadm.
     */
    public static ClusterCertificates generate(String cluster) {
        try {
            Instant now = Instant.now().minus(Duration.ofMinutes(5));
            KeyPair ca = rsa();
            X500Name caName = new X500Name("CN=kubernetes");
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            JcaX509v3CertificateBuilder cb = new JcaX509v3CertificateBuilder(caName, serial(), Date.from(now),
                    Date.from(now.plus(Duration.ofDays(3650))), caName, ca.getPublic());
            cb.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            cb.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            cb.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(ca.getPublic()));
            X509Certificate caCert = sign(cb, ca.getPrivate());

            // ECDSA P-256, as kubeadm makes it with encryptionAlgorithm ECDSA-P256: every TLS handshake the API
            // server answers signs with this key, and P-256 costs a fraction of RSA-2048 there
            KeyPair srv = Signing.ecP256();
            JcaX509v3CertificateBuilder sb = new JcaX509v3CertificateBuilder(caCert, serial(), Date.from(now),
                    Date.from(now.plus(Duration.ofDays(365))), new X500Name("CN=kube-apiserver"), srv.getPublic());
            sb.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            sb.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            sb.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            sb.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
            List<GeneralName> sans = new ArrayList<>();
            for (String dns : List.of("localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
                    "kubernetes.default.svc.cluster.local", cluster + "-control-plane")) {
                sans.add(new GeneralName(GeneralName.dNSName, dns));
            }
            sans.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
            sans.add(new GeneralName(GeneralName.iPAddress, "10.96.0.1"));
            sb.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
            X509Certificate srvCert = sign(sb, ca.getPrivate());
            return new ClusterCertificates(cluster, caCert, ca.getPrivate(), srvCert, srv.getPrivate());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot generate certificates for " + cluster, e);
        }
    }

    /** Loads the four PEM files from {@code dir}, or generates them and saves them there when absent. */
    public static ClusterCertificates loadOrGenerate(Path dir, String cluster) {
        if (Files.isRegularFile(dir.resolve(CA_CERT)) && Files.isRegularFile(dir.resolve(SERVING_KEY))) {
            return load(dir, cluster);
        }
        ClusterCertificates c = generate(cluster);
        c.save(dir);
        return c;
    }

    public static ClusterCertificates load(Path dir, String cluster) {
        try {
            return new ClusterCertificates(cluster,
                    parseCertificate(Files.readString(dir.resolve(CA_CERT))),
                    parsePrivateKey(Files.readString(dir.resolve(CA_KEY))),
                    parseCertificate(Files.readString(dir.resolve(SERVING_CERT))),
                    parsePrivateKey(Files.readString(dir.resolve(SERVING_KEY))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read certificates from " + dir, e);
        }
    }

    public void save(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(CA_CERT), caCertificatePem());
            writePrivate(dir.resolve(CA_KEY), pem(caKey));
            Files.writeString(dir.resolve(SERVING_CERT), servingCertificatePem());
            writePrivate(dir.resolve(SERVING_KEY), servingKeyPem());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write certificates to " + dir, e);
        }
    }

    /** Writes a file readable by its owner only (0600), creating it with those permissions where POSIX allows. */
    public static void writePrivate(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public String cluster() {
        return cluster;
    }

    public X509Certificate caCertificate() {
        return caCert;
    }

    public PrivateKey caKey() {
        return caKey;
    }

    public X509Certificate servingCertificate() {
        return servingCert;
    }

    /** The serving certificate's key (the API server's TLS; never written anywhere but the cluster's pki/ 0600). */
    public PrivateKey servingKey() {
        return servingKey;
    }

    public String caCertificatePem() {
        return pem(caCert);
    }

    /** The serving certificate followed by the CA, as a server presents its chain. */
    public String servingCertificatePem() {
        return pem(servingCert);
    }

    public String servingKeyPem() {
        return pem(servingKey);
    }

    /** A stable secret derived from the CA key: what the API server signs its service-account tokens with. */
    public byte[] tokenSigningKey() {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update("meshstage-sa-token".getBytes(StandardCharsets.UTF_8));
            d.update(caKey.getEncoded());
            return d.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static KeyPair rsa() {
        return RsaKeys.generate(2048);
    }

    private static BigInteger serial() {
        return new BigInteger(63, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey key) {
        return Signing.sign(b, key);
    }

    public static String pem(Object o) {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            if (o instanceof PrivateKey k) {
                w.writeObject(new JcaPKCS8Generator(k, null));
            } else {
                w.writeObject(o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw.toString();
    }

    public static X509Certificate parseCertificate(String pem) {
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            Object o = p.readObject();
            if (o instanceof X509CertificateHolder h) {
                return new JcaX509CertificateConverter().getCertificate(h);
            }
            throw new IllegalArgumentException("not a PEM certificate");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot parse certificate", e);
        }
    }

    public static PrivateKey parsePrivateKey(String pem) {
        try (PEMParser p = new PEMParser(new StringReader(pem))) {
            Object o = p.readObject();
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair kp) {
                return conv.getKeyPair(kp).getPrivate();
            }
            if (o instanceof PrivateKeyInfo info) {
                return conv.getPrivateKey(info);
            }
            throw new IllegalArgumentException("not a PEM private key");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot parse private key", e);
        }
    }

    @SuppressWarnings("unused")
    private static PublicKey publicKey(X509Certificate c) {
        return c.getPublicKey();
    }
}
