package dev.meshstage.backend.sim.container;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tar} as {@code kubectl cp} runs it: {@code tar cf - PATH} to copy out of the container and
 * {@code tar -xmf - [-C DIR]} to copy in (also {@code t} to list); the archive format is Apache Commons Compress's.
 */
final class TarCommand {

    private TarCommand() {
    }

    static int tar(Shell sh, List<String> args, Io io) throws IOException {
        char mode = 0;
        String archive = null;
        String dir = sh.cwd;
        boolean verbose = false;
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--")) {
                if (a.equals("--directory")) {
                    dir = ContainerFiles.normalize(i + 1 < args.size() ? args.get(++i) : "", sh.cwd);
                } else if (a.startsWith("--directory=")) {
                    dir = ContainerFiles.normalize(a.substring("--directory=".length()), sh.cwd);
                }
                continue; // --no-same-owner, --no-same-permissions: nothing to keep here
            }
            boolean flags = a.startsWith("-") || i == 0 && a.matches("[cxtvfmzpC]+");
            if (!flags) {
                paths.add(a);
                continue;
            }
            String letters = a.startsWith("-") ? a.substring(1) : a;
            for (char f : letters.toCharArray()) {
                switch (f) {
                    case 'c', 'x', 't' -> mode = f;
                    case 'v' -> verbose = true;
                    case 'f' -> archive = i + 1 < args.size() ? args.get(++i) : null;
                    case 'C' -> dir = ContainerFiles.normalize(i + 1 < args.size() ? args.get(++i) : "", sh.cwd);
                    case 'z' -> {
                        io.error("tar: gzip is not available in the simulated container\n");
                        return 1;
                    }
                    default -> { } // m, p, o: times and owners are not kept
                }
            }
        }
        if (mode == 0) {
            io.error("tar: need exactly one of 'c', 'x' or 't'\n");
            return 1;
        }
        if (archive == null || archive.equals("-")) {
            return mode == 'c' ? create(sh, dir, paths, io, verbose) : extract(sh, dir, io, mode == 't', verbose);
        }
        String file = ContainerFiles.normalize(archive, sh.cwd);
        if (mode == 'c') {
            java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
            int code = create(sh, dir, paths, io.withOut(buffer), verbose);
            String problem = sh.container.files.write(file, buffer.toByteArray(), false);
            if (problem != null) {
                io.error("tar: can't open '" + archive + "': " + problem + "\n");
                return 1;
            }
            return code;
        }
        byte[] content = sh.container.files.read(file);
        if (content == null) {
            io.error("tar: can't open '" + archive + "': No such file or directory\n");
            return 1;
        }
        return extract(sh, dir, io.withIn(new ByteArrayInputStream(content)), mode == 't', verbose);
    }

    private static int create(Shell sh, String dir, List<String> paths, Io io, boolean verbose) throws IOException {
        if (paths.isEmpty()) {
            io.error("tar: empty archive\n");
            return 1;
        }
        int code = 0;
        TarArchiveOutputStream out = new TarArchiveOutputStream(new NonClosing(io.out()));
        out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        for (String p : paths) {
            String full = ContainerFiles.normalize(p, dir);
            if (!sh.container.files.exists(full)) {
                io.error("tar: " + p + ": No such file or directory\n");
                code = 1;
                continue;
            }
            String name = p.startsWith("/") ? full.substring(1) : ContainerFiles.normalize(p, "/").substring(1);
            add(sh.container.files, out, full, name, io, verbose);
        }
        out.finish();
        io.out().flush();
        return code;
    }

    private static void add(ContainerFiles files, TarArchiveOutputStream out, String path, String name, Io io, boolean verbose) throws IOException {
        if (files.isDirectory(path)) {
            TarArchiveEntry e = new TarArchiveEntry(name.isEmpty() ? "./" : name + "/");
            e.setMode(040755);
            out.putArchiveEntry(e);
            out.closeArchiveEntry();
            for (String child : files.list(path)) {
                add(files, out, path.equals("/") ? "/" + child : path + "/" + child, name.isEmpty() ? child : name + "/" + child, io, verbose);
            }
            return;
        }
        byte[] content = files.read(path);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        e.setMode(0644);
        out.putArchiveEntry(e);
        out.write(content);
        out.closeArchiveEntry();
        if (verbose) {
            io.error(name + "\n");
        }
    }

    private static int extract(Shell sh, String dir, Io io, boolean listOnly, boolean verbose) throws IOException {
        if (!listOnly && !sh.container.files.isDirectory(dir)) {
            io.error("tar: can't change directory to '" + dir + "': No such file or directory\n");
            return 1;
        }
        byte[] all = io.in().readAllBytes();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(all))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                String name = e.getName();
                if (listOnly || verbose) {
                    io.print(name + "\n");
                }
                if (listOnly) {
                    continue;
                }
                String target = ContainerFiles.normalize(name, dir);
                String problem = e.isDirectory() ? sh.container.files.mkdir(target, true) : write(sh.container.files, target, in);
                if (problem != null) {
                    io.error("tar: can't open '" + name + "': " + problem + "\n");
                    return 1;
                }
            }
        } catch (IOException e) {
            io.error("tar: invalid tar magic\n");
            return 1;
        }
        return 0;
    }

    private static String write(ContainerFiles files, String target, InputStream entry) throws IOException {
        String parent = ContainerFiles.parent(target);
        if (!files.isDirectory(parent)) {
            String p = files.mkdir(parent, true);
            if (p != null) {
                return p;
            }
        }
        return files.write(target, entry.readAllBytes(), false);
    }

    /** The archive ends, the process's stdout does not: closing is the exec's job. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
