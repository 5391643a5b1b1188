package dev.meshstage.pki;

import dev.meshstage.error.BackendException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The mesh's plug-in CA: one root shared by every cluster and one intermediate per cluster, laid out on disk as
 * {@code make -f tools/certs/Makefile.selfsigned.mk root-ca <cluster>-cacerts} lays it out:
 * <pre>
 *   root-cert.pem  root-key.pem
 *   &lt;cluster&gt;/ca-cert.pem  ca-key.pem  root-cert.pem  cert-chain.pem
 * </pre>
 * A shared root is what lets a sidecar in one cluster accept the certificate of a workload in the other; per-cluster
 * intermediates keep each istiod's signing key to its own cluster (unlike copying one istiod's self-signed
 * {@code istio-ca-secret} to the other cluster, which shares a single signing key).
 */
public final class MeshCa {

    public static final String ROOT_CERT = "root-cert.pem";
    public static final String ROOT_KEY = "root-key.pem";

    private final Path directory;
    private final X509Certificate rootCertificate;
    private final Map<String, IntermediateCa> intermediates;

    private MeshCa(Path directory, X509Certificate rootCertificate, Map<String, IntermediateCa> intermediates) {
        this.directory = directory;
        this.rootCertificate = rootCertificate;
        this.intermediates = Collections.unmodifiableMap(intermediates);
    }

    /**
     * Uses what is already in {@code dir} and adds what is missing: an existing root is kept (its key is only read
     * when a new intermediate has to be signed, so it may be kept elsewhere once all clusters have theirs), and a
     * cluster without an intermediate gets one under that root. Existing intermediates must chain to the root.
     */
    public static MeshCa loadOrCreate(Path dir, List<String> clusters) {
        return loadOrCreate(dir, clusters, Instant.now());
    }

    /** @param now the clusters' time, which new certificates are dated from (the sim's may not be the wall clock) */
    public static MeshCa loadOrCreate(Path dir, List<String> clusters, Instant now) {
        List<String> names = clusterNames(clusters);
        SecureFiles.directory(dir);
        Path rootCertFile = dir.resolve(ROOT_CERT);
        boolean haveRoot = Files.isRegularFile(rootCertFile);
        List<String> missing = names.stream().filter(c -> !hasIntermediate(dir, c)).toList();
        if (!haveRoot && missing.size() < names.size()) {
            String orphan = names.stream().filter(c -> hasIntermediate(dir, c)).findFirst().orElseThrow();
            throw new BackendException(caCertFile(dir, orphan) + " exists but " + rootCertFile
                    + " is missing: restore the root, or rotate the mesh CA to start over");
        }

        // Everything that can refuse is read and checked before the (slow) key generation.
        X509Certificate root = null;
        PrivateKey rootKey = null;
        Map<String, IntermediateCa> existing = new LinkedHashMap<>();
        if (haveRoot) {
            root = Pem.certificate(SecureFiles.read(rootCertFile), rootCertFile.toString());
            if (!missing.isEmpty()) {
                rootKey = readRootKey(dir, root);
            }
            for (String cluster : names) {
                if (!missing.contains(cluster)) {
                    existing.put(cluster, readIntermediate(dir, cluster, root));
                }
            }
        }

        List<KeyPair> keys = rsaKeys(missing.size() + (haveRoot ? 0 : 1));
        if (!haveRoot) {
            KeyPair rootKeys = keys.remove(0);
            root = CaProfiles.root(rootKeys, now);
            rootKey = rootKeys.getPrivate();
            writeRoot(dir, root, rootKey);
        }

        Map<String, IntermediateCa> result = new LinkedHashMap<>();
        for (String cluster : names) {
            IntermediateCa ca = existing.get(cluster);
            if (ca == null) {
                KeyPair pair = keys.remove(0);
                ca = new IntermediateCa(cluster,
                        CaProfiles.intermediate(cluster, pair.getPublic(), root, rootKey, now), pair.getPrivate(), root);
                writeIntermediate(dir, ca);
            } else {
                writeDerivedFiles(dir, ca);
            }
            result.put(cluster, ca);
        }
        return new MeshCa(dir, root, result);
    }

    /**
     * A new root and new intermediates for {@code clusters} and for every cluster that already has an intermediate
     * in {@code dir}, so nothing on disk is left under the old root. Istio must then be given the new
     * {@code cacerts} and istiod and the workloads restarted; until then the clusters keep the old trust.
     */
    public static MeshCa rotate(Path dir, List<String> clusters) {
        return rotate(dir, clusters, Instant.now());
    }

    /** @param now the clusters' time, which the new certificates are dated from */
    public static MeshCa rotate(Path dir, List<String> clusters, Instant now) {
        Set<String> names = new LinkedHashSet<>(clusterNames(clusters));
        SecureFiles.directory(dir);
        names.addAll(clustersOnDisk(dir));

        List<KeyPair> keys = rsaKeys(names.size() + 1);
        KeyPair rootKeys = keys.remove(0);
        X509Certificate root = CaProfiles.root(rootKeys, now);
        Map<String, IntermediateCa> result = new LinkedHashMap<>();
        for (String cluster : names) {
            KeyPair pair = keys.remove(0);
            result.put(cluster, new IntermediateCa(cluster,
                    CaProfiles.intermediate(cluster, pair.getPublic(), root, rootKeys.getPrivate(), now),
                    pair.getPrivate(), root));
        }
        // A crash part-way leaves intermediates that do not chain to the root on disk; loadOrCreate reports
        // that and asks for another rotation, so no mixed state is ever used.
        writeRoot(dir, root, rootKeys.getPrivate());
        result.values().forEach(ca -> writeIntermediate(dir, ca));
        return new MeshCa(dir, root, result);
    }

    public Path directory() {
        return directory;
    }

    public X509Certificate rootCertificate() {
        return rootCertificate;
    }

    public String rootCertificatePem() {
        return Pem.encode(rootCertificate);
    }

    /** SHA-256 of the root: the same in every cluster of a working mesh. */
    public String fingerprint() {
        return Fingerprints.sha256(rootCertificate);
    }

    /** The clusters this CA was loaded or created for, in the order given. */
    public List<String> clusters() {
        return List.copyOf(intermediates.keySet());
    }

    public IntermediateCa intermediate(String cluster) {
        IntermediateCa ca = intermediates.get(cluster);
        if (ca == null) {
            throw new BackendException("the mesh CA in " + directory + " has no intermediate for cluster " + cluster
                    + " (it has " + String.join(", ", intermediates.keySet()) + ")");
        }
        return ca;
    }

    /** The {@code cacerts} Secret entries for {@code cluster}. */
    public Map<String, String> cacerts(String cluster) {
        return intermediate(cluster).cacerts();
    }

    @Override
    public String toString() {
        return "MeshCa[" + directory + ", root " + fingerprint() + ", " + intermediates.keySet() + "]";
    }

    // ------------------------------------------------------------------ files

    private static List<String> clusterNames(List<String> clusters) {
        List<String> names = new ArrayList<>(new LinkedHashSet<>(clusters));
        names.forEach(ClusterName::require);
        return names;
    }

    private static boolean hasIntermediate(Path dir, String cluster) {
        // The certificate is written after the key, so its presence means the pair is complete.
        return Files.isRegularFile(caCertFile(dir, cluster));
    }

    private static Path caCertFile(Path dir, String cluster) {
        return dir.resolve(cluster).resolve(IntermediateCa.CA_CERT);
    }

    private static Set<String> clustersOnDisk(Path dir) {
        Set<String> found = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                // Other directories (a user's notes, a backup) are not clusters of this CA.
                if (ClusterName.isValid(name) && hasIntermediate(dir, name)) {
                    found.add(name);
                }
            }
        } catch (IOException e) {
            throw new BackendException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        return found;
    }

    private static void writeRoot(Path dir, X509Certificate root, PrivateKey key) {
        SecureFiles.writePrivate(dir.resolve(ROOT_KEY), Pem.encode(key));
        SecureFiles.writePublic(dir.resolve(ROOT_CERT), Pem.encode(root));
    }

    private static void writeIntermediate(Path dir, IntermediateCa ca) {
        Path clusterDir = dir.resolve(ca.cluster());
        SecureFiles.directory(clusterDir);
        SecureFiles.writePrivate(clusterDir.resolve(IntermediateCa.CA_KEY), ca.privateKeyPem());
        SecureFiles.writePublic(clusterDir.resolve(IntermediateCa.CA_CERT), ca.certificatePem());
        SecureFiles.writePublic(clusterDir.resolve(IntermediateCa.ROOT_CERT), ca.rootCertificatePem());
        SecureFiles.writePublic(clusterDir.resolve(IntermediateCa.CERT_CHAIN), ca.certChainPem());
    }

    /** The copies derived from the pair and the root; rewritten when missing or stale (e.g. hand-edited). */
    private static void writeDerivedFiles(Path dir, IntermediateCa ca) {
        Path clusterDir = dir.resolve(ca.cluster());
        SecureFiles.directory(clusterDir);
        writeIfDifferent(clusterDir.resolve(IntermediateCa.ROOT_CERT), ca.rootCertificatePem());
        writeIfDifferent(clusterDir.resolve(IntermediateCa.CERT_CHAIN), ca.certChainPem());
    }

    private static void writeIfDifferent(Path file, String content) {
        if (!Files.isRegularFile(file) || !SecureFiles.read(file).equals(content)) {
            SecureFiles.writePublic(file, content);
        }
    }

    private static PrivateKey readRootKey(Path dir, X509Certificate root) {
        Path file = dir.resolve(ROOT_KEY);
        if (!Files.isRegularFile(file)) {
            throw new BackendException("cannot sign a new intermediate: " + file
                    + " is missing; put the root key back, or rotate the mesh CA");
        }
        PrivateKey key = Pem.privateKey(SecureFiles.read(file), file.toString());
        requireMatch(root, key, file + " does not belong to " + dir.resolve(ROOT_CERT));
        return key;
    }

    private static IntermediateCa readIntermediate(Path dir, String cluster, X509Certificate root) {
        Path certFile = caCertFile(dir, cluster);
        Path keyFile = dir.resolve(cluster).resolve(IntermediateCa.CA_KEY);
        X509Certificate cert = Pem.certificate(SecureFiles.read(certFile), certFile.toString());
        if (!Files.isRegularFile(keyFile)) {
            throw new BackendException(keyFile + " is missing next to " + certFile + "; rotate the mesh CA");
        }
        PrivateKey key = Pem.privateKey(SecureFiles.read(keyFile), keyFile.toString());
        try {
            cert.verify(root.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new BackendException(certFile + " was not issued by " + dir.resolve(ROOT_CERT)
                    + " (root " + Fingerprints.sha256(root) + "); rotate the mesh CA", e);
        }
        requireMatch(cert, key, keyFile + " does not belong to " + certFile + "; rotate the mesh CA");
        return new IntermediateCa(cluster, cert, key, root);
    }

    private static void requireMatch(X509Certificate cert, PrivateKey key, String message) {
        if (!Signing.matches(cert, key)) {
            throw new BackendException(message);
        }
    }

    // ------------------------------------------------------------------ keys

    /**
     * Starts making, in the background, the keys {@link #loadOrCreate} would need for {@code clusters} in {@code dir}
     * (a root's, each missing intermediate's), where openssl makes them; it returns at once.
     */
    public static void prepareKeys(Path dir, List<String> clusters) {
        if (!RsaKeys.byOpenssl()) {
            return;
        }
        List<String> names = clusterNames(clusters);
        boolean haveRoot = Files.isRegularFile(dir.resolve(ROOT_CERT));
        long missing = names.stream().filter(c -> !hasIntermediate(dir, c)).count();
        if (haveRoot || missing == names.size()) {
            CaKeyReserve.shared().fill((int) missing + (haveRoot ? 0 : 1));
        }
    }

    /**
     * {@code count} RSA-4096 key pairs: those made ahead ({@link #prepareKeys}) first, the rest side by side
     * (each costs about a second of CPU, openssl or not).
     */
    private static List<KeyPair> rsaKeys(int count) {
        List<KeyPair> keys = new ArrayList<>();
        for (CompletableFuture<KeyPair> ahead : CaKeyReserve.shared().take(count)) {
            try {
                keys.add(ahead.join());
            } catch (java.util.concurrent.CompletionException e) {
                // made again below, in the foreground
            }
        }
        keys.addAll(freshRsaKeys(count - keys.size()));
        return keys;
    }

    private static List<KeyPair> freshRsaKeys(int count) {
        List<KeyPair> keys = new ArrayList<>();
        if (count == 0) {
            return keys;
        }
        int threads = Math.min(count, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, task -> {
            Thread t = new Thread(task, "meshca-keygen");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<KeyPair>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(Signing::rsa4096));
            }
            for (Future<KeyPair> f : futures) {
                keys.add(f.get());
            }
            return keys;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while generating CA keys", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("CA key generation failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
