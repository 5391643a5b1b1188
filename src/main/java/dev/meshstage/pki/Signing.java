package dev.meshstage.pki;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;

/** Keys, serial numbers and signatures shared by the CA and workload certificates. */
final class Signing {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Signing() {
    }

    /** What {@code openssl genrsa 4096} makes (the mesh CA's root and intermediates). */
    static KeyPair rsa4096() {
        return RsaKeys.generate(4096);
    }

    /** istiod's self-signed CA key ({@code CITADEL_SELF_SIGNED_CA_RSA_KEY_SIZE} defaults to 2048). */
    static KeyPair rsa2048() {
        return RsaKeys.generate(2048);
    }

    /** Istio's default workload key is ECDSA P-256 when asked for EC; cheap enough to make on every issue. */
    static KeyPair ecP256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC key generation is unavailable", e);
        }
    }

    /**
     * A random positive serial of 159 bits, as {@code openssl x509 -req -CAcreateserial} makes: 20 bytes with the
     * top bit clear so the DER INTEGER stays positive and within RFC 5280's 20 octets. The top bit of the 159 is set
     * so the serial is never zero and always the same length.
     */
    static BigInteger serial() {
        return new BigInteger(159, RANDOM).setBit(158);
    }

    /** Signs with SHA-256 and whatever kind of key the issuer has (RSA for the Makefile CAs). */
    static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey) {
        String algorithm = "EC".equals(issuerKey.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            ContentSigner signer = algorithm.equals("SHA256withRSA") ? new RsaSha256Signer(issuerKey)
                    : new JcaContentSignerBuilder(algorithm).build(issuerKey);
            X509CertificateHolder holder = builder.build(signer);
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign certificate with " + algorithm, e);
        }
    }

    /** SHA256withRSA over what BouncyCastle writes to it, signed by {@link RsaKeys#signSha256} (openssl on C1). */
    private static final class RsaSha256Signer implements ContentSigner {
        private static final AlgorithmIdentifier SHA256_WITH_RSA =
                new org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withRSA");
        private final PrivateKey key;
        private final java.io.ByteArrayOutputStream tbs = new java.io.ByteArrayOutputStream();

        RsaSha256Signer(PrivateKey key) {
            this.key = key;
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return SHA256_WITH_RSA;
        }

        @Override
        public java.io.OutputStream getOutputStream() {
            return tbs;
        }

        @Override
        public byte[] getSignature() {
            return RsaKeys.signSha256(key, tbs.toByteArray());
        }
    }

    /**
     * Whether {@code key} is the private half of {@code cert}'s key. An RSA key with its CRT parameters carries its
     * public half (modulus and exponent), which is compared; any other is proven by signing a probe (an RSA-4096
     * signature costs a tenth of a second on the client compiler, and every CA read checks its key).
     */
    static boolean matches(X509Certificate cert, PrivateKey key) {
        if (key instanceof RSAPrivateCrtKey crt) {
            return cert.getPublicKey() instanceof RSAPublicKey pub && pub.getModulus().equals(crt.getModulus())
                    && pub.getPublicExponent().equals(crt.getPublicExponent());
        }
        String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        byte[] probe = "meshstage key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
