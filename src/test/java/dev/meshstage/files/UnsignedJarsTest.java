package dev.meshstage.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import static org.assertj.core.api.Assertions.assertThat;

class UnsignedJarsTest {

    @TempDir
    Path dir;

    @Test
    void signatureFilesAreTheSignersFilesDirectlyUnderMetaInf() {
        assertThat(UnsignedJars.isSignatureFile("META-INF/BC1024KE.SF")).isTrue();
        assertThat(UnsignedJars.isSignatureFile("META-INF/BC1024KE.DSA")).isTrue();
        assertThat(UnsignedJars.isSignatureFile("META-INF/signer.rsa")).isTrue();
        assertThat(UnsignedJars.isSignatureFile("META-INF/KEY.EC")).isTrue();
        assertThat(UnsignedJars.isSignatureFile("META-INF/SIG-FOO")).isTrue();
        assertThat(UnsignedJars.isSignatureFile("META-INF/MANIFEST.MF")).isFalse();
        assertThat(UnsignedJars.isSignatureFile("META-INF/versions/9/module-info.class")).isFalse();
        assertThat(UnsignedJars.isSignatureFile("META-INF/services/java.security.Provider")).isFalse();
        assertThat(UnsignedJars.isSignatureFile("META-INF/sub/X.SF")).isFalse();
        assertThat(UnsignedJars.isSignatureFile("org/x/Y.SF")).isFalse();
        assertThat(UnsignedJars.isSignatureFile("META-INF/LICENSE")).isFalse();
    }

    @Test
    void aSignedJarLosesItsSignaturesAndDigestsAndKeepsEverythingElse() throws IOException {
        Path signed = dir.resolve("lib-signed.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(new Attributes.Name("Automatic-Module-Name"), "org.example.lib");
        Attributes digest = new Attributes();
        digest.putValue("SHA-256-Digest", "c29tZXRoaW5n");
        manifest.getEntries().put("org/example/A.class", digest);
        jar(signed, manifest, List.of("META-INF/SIGNER.SF", "META-INF/SIGNER.DSA", "org/example/A.class",
                "META-INF/versions/9/module-info.class", "META-INF/services/x.Y"));
        Path plain = dir.resolve("plain.jar");
        jar(plain, manifest(), List.of("a/B.class"));
        Files.setPosixFilePermissions(signed, PosixFilePermissions.fromString("rw-r--r--"));
        byte[] plainBefore = Files.readAllBytes(plain);

        assertThat(UnsignedJars.signedJars(dir)).containsExactly(signed);
        UnsignedJars.main(new String[] {dir.toString()});

        assertThat(UnsignedJars.signedJars(dir)).isEmpty();
        assertThat(Files.readAllBytes(plain)).isEqualTo(plainBefore);
        try (JarFile out = new JarFile(signed.toFile())) {
            assertThat(out.stream().map(JarEntry::getName)).containsExactly("META-INF/MANIFEST.MF",
                    "org/example/A.class", "META-INF/versions/9/module-info.class", "META-INF/services/x.Y");
            assertThat(new String(out.getInputStream(out.getEntry("org/example/A.class")).readAllBytes(),
                    StandardCharsets.UTF_8)).isEqualTo("org/example/A.class");
            assertThat(out.getManifest().getMainAttributes().getValue("Automatic-Module-Name")).isEqualTo("org.example.lib");
            assertThat(out.getManifest().getEntries()).isEmpty();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(signed))).isEqualTo("rw-r--r--");
        assertThat(Files.list(dir)).hasSize(2);
    }

    private static Manifest manifest() {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        return m;
    }

    /** A jar whose every entry holds its own name. */
    private static void jar(Path path, Manifest manifest, List<String> entries) throws IOException {
        try (OutputStream file = Files.newOutputStream(path); JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (String name : entries) {
                out.putNextEntry(new JarEntry(name));
                out.write(name.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
    }
}
