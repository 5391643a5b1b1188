package dev.meshstage.server;

import java.util.List;

/**
 * Names the JDK's own selector provider before this process opens its first socket channel. Unnamed,
 * {@code SelectorProvider.provider()} first looks for a provider service in every jar of the class path: in a
 * one-shot client that opened the 100-odd jars of the application and read their central directories — 10 MiB
 * of heap, a quarter of the client's memory — to find none and take the platform's default anyway.
 */
final class PlatformSelectorProvider {

    private static final String PROPERTY = "java.nio.channels.spi.SelectorProvider";
    /** The JDK's default on Linux and on macOS; elsewhere the search runs as before. */
    private static final List<String> DEFAULTS = List.of("sun.nio.ch.EPollSelectorProvider", "sun.nio.ch.KQueueSelectorProvider");

    private PlatformSelectorProvider() {
    }

    static void use() {
        if (System.getProperty(PROPERTY) != null) {
            return;
        }
        for (String name : DEFAULTS) {
            try {
                Class.forName(name, false, null); // the JDK's own, or not on this platform
                System.setProperty(PROPERTY, name);
                return;
            } catch (ClassNotFoundException e) {
                // the next
            }
        }
    }
}
