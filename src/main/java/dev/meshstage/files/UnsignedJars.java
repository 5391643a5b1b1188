package dev.meshstage.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Rewrites the signed jars of the launcher's extracted class path without their signatures. BouncyCastle's jars are
 * signed: the JVM then hashes every class it loads from them against an 855 kB manifest (6 % of the background
 * server's CPU over the whole workshop, 13 % of its start), and class-data sharing refuses to archive their classes.
 * meshstage uses BouncyCastle as a library (never as a JCE provider, where a signature would matter), so the launcher
 * drops the signature files and the per-entry digests; the classes are the same bytes. Run as
 * {@code java -cp meshstage.jar dev.meshstage.files.UnsignedJars DIR}; plain Java, it loads nothing else.
 */
public final class UnsignedJars {

    private UnsignedJars() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: UnsignedJars DIR (the directory of jars to rewrite without signatures)");
            System.exit(2);
        }
        for (Path jar : signedJars(Path.of(args[0]))) {
            unsign(jar);
        }
    }

    /** The jars in {@code dir} with a signature file, in name order. */
    static List<Path> signedJars(Path dir) throws IOException {
        List<Path> signed = new ArrayList<>();
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
            for (Path jar : jars) {
                if (isSigned(jar)) {
                    signed.add(jar);
                }
            }
        }
        signed.sort(null);
        return signed;
    }

    static boolean isSigned(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            return file.stream().anyMatch(e -> isSignatureFile(e.getName()));
        }
    }

    /** Replaces {@code jar} by a copy without signature files, its manifest reduced to the main attributes. */
    static void unsign(Path jar) throws IOException {
        Path temp = Files.createTempFile(jar.getParent(), jar.getFileName().toString(), ".tmp");
        try (JarFile in = new JarFile(jar.toFile(), false)) {
            Manifest manifest = new Manifest();
            Manifest original = in.getManifest();
            if (original != null) {
                manifest.getMainAttributes().putAll(original.getMainAttributes());
            }
            manifest.getMainAttributes().putIfAbsent(Attributes.Name.MANIFEST_VERSION, "1.0");
            try (OutputStream file = Files.newOutputStream(temp);
                 JarOutputStream out = new JarOutputStream(file, manifest)) {
                Enumeration<JarEntry> entries = in.entries();
                while (entries.hasMoreElements()) {
                    JarEntry entry = entries.nextElement();
                    String name = entry.getName();
                    if (name.equalsIgnoreCase(JarFile.MANIFEST_NAME) || isSignatureFile(name)) {
                        continue;
                    }
                    JarEntry copy = new JarEntry(name);
                    copy.setTime(entry.getTime());
                    out.putNextEntry(copy);
                    try (InputStream data = in.getInputStream(entry)) {
                        data.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
            // the temp file was made 0600: the jar keeps the mode it had
            Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(jar));
            Files.move(temp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** What {@code jarsigner} adds under META-INF: the signature file, its block, and SIG-* of other signers. */
    static boolean isSignatureFile(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("META-INF/") || upper.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        String file = upper.substring("META-INF/".length());
        return file.endsWith(".SF") || file.endsWith(".RSA") || file.endsWith(".DSA") || file.endsWith(".EC")
                || file.startsWith("SIG-");
    }
}
