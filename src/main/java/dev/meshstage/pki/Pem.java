package dev.meshstage.pki;

import dev.meshstage.error.BackendException;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * PEM text in and out. Keys are written as PKCS#8 ({@code BEGIN PRIVATE KEY}), which is what
 * {@code openssl genrsa} writes since OpenSSL 3; reading also accepts the older PKCS#1/SEC1 forms so that files
 * made by Istio's Makefiles with an older openssl can be dropped into the CA directory.
 */
public final class Pem {

    private Pem() {
    }

    public static String encode(X509Certificate certificate) {
        try {
            return encode("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    public static String encode(PrivateKey key) {
        // The JDK encodes every private key as PKCS#8 PrivateKeyInfo.
        return encode("PRIVATE KEY", key.getEncoded());
    }

    /** Every certificate in {@code pem}, in order; {@code what} names the source in the error message. */
    public static List<X509Certificate> certificates(String pem, String what) {
        List<X509Certificate> certs;
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            certs = factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                    .stream().map(X509Certificate.class::cast).toList();
        } catch (CertificateException e) {
            throw new BackendException(what + " is not a PEM certificate: " + firstLine(e.getMessage()), e);
        }
        if (certs.isEmpty()) {
            throw new BackendException(what + " holds no PEM certificate");
        }
        return certs;
    }

    /** The first certificate in {@code pem}. */
    public static X509Certificate certificate(String pem, String what) {
        return certificates(pem, what).get(0);
    }

    public static PrivateKey privateKey(String pem, String what) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object o = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new BackendException(what + " holds no unencrypted PEM private key");
        } catch (IOException e) {
            throw new BackendException(what + " is not a PEM private key: " + firstLine(e.getMessage()), e);
        }
    }

    private static String encode(String type, byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /** The first line of a library message: errors here are one line. */
    static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
