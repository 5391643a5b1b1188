package dev.meshstage.pki;

import dev.meshstage.error.BackendException;
import dev.meshstage.files.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files of the CA directory. Every file is written to a sibling temp file that already has its final
 * permissions when it is created (a private key is never readable by others, not even between create and
 * chmod), forced to disk and renamed over the target, so a killed process leaves either the old or the new
 * file. Directories are 0700. On file systems without POSIX permissions (Windows) the modes are skipped.
 */
final class SecureFiles {

    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private SecureFiles() {
    }

    /** Creates {@code dir} (and missing parents) as 0700, and narrows it to 0700 if it already existed. */
    static void directory(Path dir) {
        try {
            if (posix(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
                Files.setPosixFilePermissions(dir, DIRECTORY);
            } else {
                Files.createDirectories(dir);
            }
        } catch (IOException e) {
            throw new BackendException("cannot create " + dir + ": " + reason(e), e);
        }
    }

    /** A private key: 0600 from creation on. */
    static void writePrivate(Path target, String content) {
        write(target, content, PRIVATE);
    }

    /** A certificate: public, 0644 like the files openssl writes. */
    static void writePublic(Path target, String content) {
        write(target, content, PUBLIC);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new BackendException("cannot read " + file + ": " + reason(e), e);
        }
    }

    private static void write(Path target, String content, Set<PosixFilePermission> mode) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            FileAttribute<?>[] attrs = posix(dir)
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)}
                    : new FileAttribute<?>[0];
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", attrs);
            AtomicFiles.replace(tmp, content.getBytes(StandardCharsets.US_ASCII), target);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new BackendException("cannot write " + target + ": " + reason(e), e);
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write already failed; that error is the one worth reporting
            }
        }
    }

    /** The OS's words for the failure, without the path the JDK repeats in the message. */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage();
    }

    private static boolean posix(Path dir) throws IOException {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && Files.getFileStore(existing).supportsFileAttributeView(PosixFileAttributeView.class);
    }
}
