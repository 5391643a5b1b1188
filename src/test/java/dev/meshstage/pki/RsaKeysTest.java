package dev.meshstage.pki;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RsaKeysTest {

    @TempDir
    Path dir;

    @Test
    void opensslMakesAWholeRsaKeyPair() throws GeneralSecurityException {
        Openssl.assumeAvailable();
        Optional<Path> openssl = RsaKeys.onPath("openssl", System.getenv("PATH"));
        assertThat(openssl).isPresent();
        KeyPair a = RsaKeys.generate(2048, openssl);
        KeyPair b = RsaKeys.generate(2048, openssl);
        assertWholeKey(a, 2048);
        assertWholeKey(b, 2048);
        assertThat(modulus(a)).isNotEqualTo(modulus(b));
    }

    @Test
    void withoutOpensslTheJdkMakesIt() throws GeneralSecurityException {
        assertWholeKey(RsaKeys.generate(2048, Optional.empty()), 2048);
    }

    @Test
    void anOpensslThatFailsOrPrintsNoKeyFallsBackToTheJdk() throws IOException, GeneralSecurityException {
        Path failing = script("failing", "echo 'genrsa: unknown option' >&2; exit 1");
        Path garbage = script("garbage", "echo 'not a key'");
        Path wrongSize = script("small", "exec openssl genrsa 1024");
        assertWholeKey(RsaKeys.generate(2048, Optional.of(failing)), 2048);
        assertWholeKey(RsaKeys.generate(2048, Optional.of(garbage)), 2048);
        assertWholeKey(RsaKeys.generate(2048, Optional.of(wrongSize)), 2048);
    }

    @Test
    void opensslSignsWhatTheJdkVerifiesAndAsTheJdkWouldSign() throws GeneralSecurityException {
        Openssl.assumeAvailable();
        Optional<Path> openssl = RsaKeys.onPath("openssl", System.getenv("PATH"));
        KeyPair pair = RsaKeys.withJdk(2048);
        byte[] data = "the certificate to be signed".getBytes(StandardCharsets.US_ASCII);
        byte[] signed = RsaKeys.signSha256(pair.getPrivate(), data, openssl);
        assertThat(verifies(pair, data, signed)).isTrue();
        // PKCS#1 v1.5 is deterministic: the same bytes as the JDK's own signature
        assertThat(signed).isEqualTo(RsaKeys.signSha256(pair.getPrivate(), data, Optional.empty()));
        assertThat(verifies(pair, "something else".getBytes(StandardCharsets.US_ASCII), signed)).isFalse();
    }

    @Test
    void anOpensslThatFailsOrSignsWronglyLeavesTheSignatureToTheJdk() throws IOException, GeneralSecurityException {
        KeyPair pair = RsaKeys.withJdk(2048);
        byte[] data = "tbs".getBytes(StandardCharsets.US_ASCII);
        Path failing = script("failing", "cat >/dev/null; exit 1");
        Path garbage = script("garbage", "cat >/dev/null; head -c 256 /dev/zero");
        for (Path openssl : new Path[] {failing, garbage}) {
            assertThat(verifies(pair, data, RsaKeys.signSha256(pair.getPrivate(), data, Optional.of(openssl))))
                    .as(openssl.getFileName().toString()).isTrue();
        }
    }

    private static boolean verifies(KeyPair pair, byte[] data, byte[] signature) throws GeneralSecurityException {
        Signature check = Signature.getInstance("SHA256withRSA");
        check.initVerify(pair.getPublic());
        check.update(data);
        return check.verify(signature);
    }

    @Test
    void findsOnlyExecutablesOnThePath() throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(bin.resolve("openssl"), "not executable");
        Path real = script("openssl", "exit 0");
        Files.move(real, other.resolve("openssl"));
        String path = String.join(File.pathSeparator, "", bin.toString(), other.toString());
        assertThat(RsaKeys.onPath("openssl", path)).contains(other.resolve("openssl"));
        assertThat(RsaKeys.onPath("openssl", bin.toString())).isEmpty();
        assertThat(RsaKeys.onPath("openssl", null)).isEmpty();
    }

    private Path script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    private static BigInteger modulus(KeyPair pair) {
        return ((RSAPublicKey) pair.getPublic()).getModulus();
    }

    /** The size asked for, exponent 65537, CRT parameters, and the private half signs what the public half verifies. */
    private static void assertWholeKey(KeyPair pair, int bits) throws GeneralSecurityException {
        RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
        assertThat(pub.getModulus().bitLength()).isEqualTo(bits);
        assertThat(pub.getPublicExponent()).isEqualTo(BigInteger.valueOf(65537));
        assertThat(pair.getPrivate()).isInstanceOf(RSAPrivateCrtKey.class);
        assertThat(((RSAPrivateCrtKey) pair.getPrivate()).getModulus()).isEqualTo(pub.getModulus());
        byte[] probe = "probe".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(pair.getPrivate());
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(pub);
        verifier.update(probe);
        assertThat(verifier.verify(signature)).isTrue();
    }
}
