package dev.meshstage.server;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which meshstage this process runs: its jar and when that was written. A server started by an older build
 * (the launcher rebuilt the jar since) stops when a newer client asks, so commands never run old code.
 */
public final class Build {

    private static final String ID = compute();

    private Build() {
    }

    public static String id() {
        return ID;
    }

    private static String compute() {
        String cp = System.getProperty("java.class.path", "");
        if (cp.contains(File.pathSeparator) || !cp.endsWith(".jar")) {
            return "classes:" + cp.hashCode(); // tests and IDEs: classes directories
        }
        Path jar = Path.of(cp).toAbsolutePath();
        try {
            return jar + "@" + Files.getLastModifiedTime(jar).toMillis() + "/" + Files.size(jar);
        } catch (java.io.IOException e) {
            return jar.toString();
        }
    }
}
