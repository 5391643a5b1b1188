package dev.meshstage.pki;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * RSA key pairs as {@code openssl genrsa BITS} makes them, and SHA256withRSA signatures with them — by running that very command (what Istio's
 * {@code Makefile.selfsigned.mk} runs for the mesh CA) when this JVM runs the client compiler only and openssl is on
 * the PATH, else with the JDK's generator. The reason is CPU: the launcher runs the background server on C1, where
 * the JDK's BigInteger arithmetic has none of its intrinsics and an RSA-4096 key costs 5–8 s instead of openssl's
 * second or less; an RSA-4096 signature (the mesh root's, each intermediate's) 0.1–0.3 s instead of milliseconds.
 * The key travels through a pipe and never touches the disk.
 */
final class RsaKeys {

    private static final Logger LOG = Logger.getLogger(RsaKeys.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long OPENSSL_SECONDS = 60;
    /** openssl only where it is the cheaper: a JVM with C2 (the tests', a developer's) makes keys as fast itself. */
    private static final Optional<Path> OPENSSL = clientCompilerOnly() ? onPath("openssl", System.getenv("PATH")) : Optional.empty();
    private static final Optional<Path> NICE = OPENSSL.isPresent() ? onPath("nice", System.getenv("PATH")) : Optional.empty();

    /** The openssl processes making a key now: a key made ahead may still be in the making when the server stops. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    private static boolean stopping;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (RUNNING) {
                stopping = true;
                RUNNING.forEach(Process::destroyForcibly);
            }
        }, "openssl-stop"));
    }

    private RsaKeys() {
    }

    static KeyPair generate(int bits) {
        return generate(bits, OPENSSL);
    }

    /** Whether keys come from openssl here (so a key made ahead, in the background, costs this JVM nothing). */
    static boolean byOpenssl() {
        return OPENSSL.isPresent();
    }

    /** As {@link #generate(int)}, openssl at the lowest priority ({@code nice -n 19}) where nice is on the PATH. */
    static KeyPair generateNiced(int bits) {
        return generate(bits, OPENSSL, NICE);
    }

    /** With {@code openssl} empty, or when it fails, the JDK makes the key. */
    static KeyPair generate(int bits, Optional<Path> openssl) {
        return generate(bits, openssl, Optional.empty());
    }

    private static KeyPair generate(int bits, Optional<Path> openssl, Optional<Path> nice) {
        if (openssl.isPresent()) {
            try {
                return withOpenssl(openssl.get(), nice, bits);
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                LOG.log(Level.WARNING, "openssl genrsa " + bits + " failed, the JDK makes the key instead: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while generating an RSA key", e);
            }
        }
        return withJdk(bits);
    }

    /** A SHA256withRSA (PKCS#1 v1.5) signature of {@code data}. */
    static byte[] signSha256(PrivateKey key, byte[] data) {
        return signSha256(key, data, OPENSSL);
    }

    /** With {@code openssl} empty, or when it fails or its signature does not verify, the JDK signs. */
    static byte[] signSha256(PrivateKey key, byte[] data, Optional<Path> openssl) {
        if (openssl.isPresent() && key instanceof RSAPrivateCrtKey crt) {
            try {
                byte[] signature = signWithOpenssl(openssl.get(), crt, data);
                if (verifies(crt, data, signature)) {
                    return signature;
                }
                LOG.log(Level.WARNING, "openssl pkeyutl -sign made a signature that does not verify, the JDK signs instead");
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                LOG.log(Level.WARNING, "openssl pkeyutl -sign failed, the JDK signs instead: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while signing", e);
            }
        }
        try {
            Signature jdk = Signature.getInstance("SHA256withRSA");
            jdk.initSign(key);
            jdk.update(data);
            return jdk.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with SHA256withRSA", e);
        }
    }

    /** The digest (not secret) goes through a file, the key through the pipe. */
    private static byte[] signWithOpenssl(Path openssl, RSAPrivateCrtKey key, byte[] data)
            throws IOException, InterruptedException, GeneralSecurityException {
        Path digest = Files.createTempFile("meshstage-tbs-", ".sha256");
        try {
            Files.write(digest, MessageDigest.getInstance("SHA-256").digest(data));
            Process process = new ProcessBuilder(openssl.toString(), "pkeyutl", "-sign", "-inkey", "/dev/stdin",
                    "-pkeyopt", "digest:sha256", "-in", digest.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (var in = process.getOutputStream()) {
                in.write(Pem.encode(key).getBytes(StandardCharsets.US_ASCII));
            }
            byte[] signature = process.getInputStream().readAllBytes();
            if (!process.waitFor(OPENSSL_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("no signature after " + OPENSSL_SECONDS + "s");
            }
            if (process.exitValue() != 0) {
                throw new IOException("exit " + process.exitValue());
            }
            return signature;
        } finally {
            Files.deleteIfExists(digest);
        }
    }

    /** Checked with the public half the CRT key carries (exponent 65537: cheap even on the client compiler). */
    private static boolean verifies(RSAPrivateCrtKey key, byte[] data, byte[] signature) throws GeneralSecurityException {
        Signature check = Signature.getInstance("SHA256withRSA");
        check.initVerify(KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent())));
        check.update(data);
        return check.verify(signature);
    }

    static KeyPair withJdk(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation is unavailable", e);
        }
    }

    private static KeyPair withOpenssl(Path openssl, Optional<Path> nice, int bits)
            throws IOException, InterruptedException, GeneralSecurityException {
        List<String> command = new ArrayList<>();
        nice.ifPresent(n -> command.addAll(List.of(n.toString(), "-n", "19")));
        command.addAll(List.of(openssl.toString(), "genrsa", Integer.toString(bits)));
        Process process;
        synchronized (RUNNING) {
            if (stopping) {
                throw new IOException("the JVM is stopping");
            }
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            RUNNING.add(process);
        }
        String pem;
        try {
            process.getOutputStream().close();
            pem = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            if (!process.waitFor(OPENSSL_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("no key after " + OPENSSL_SECONDS + "s");
            }
        } finally {
            RUNNING.remove(process);
        }
        if (process.exitValue() != 0) {
            throw new IOException("exit " + process.exitValue());
        }
        PrivateKey key = Pem.privateKey(pem, "openssl genrsa's output");
        if (!(key instanceof RSAPrivateCrtKey crt) || crt.getModulus().bitLength() != bits) {
            throw new IOException("not an RSA-" + bits + " key");
        }
        BigInteger e = crt.getPublicExponent();
        return new KeyPair(KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(), e)), key);
    }

    private static boolean clientCompilerOnly() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return vm != null && Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue()) < 4;
        } catch (RuntimeException e) {
            return false; // not HotSpot: its own compilers
        }
    }

    /** The first executable {@code name} in the directories of {@code path}. */
    static Optional<Path> onPath(String name, String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
