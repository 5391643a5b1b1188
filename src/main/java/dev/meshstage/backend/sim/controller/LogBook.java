package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.PodLogSource;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The container log buffers of a cluster's kubelets: the last {@link #MAX_LINES} lines of the current and
 * the previous instance of each container. Thread-safe: the kubelet writes on the runtime thread, the API
 * server reads on its own threads. Other controllers (the data plane) may append access logs.
 */
public final class LogBook implements PodLogSource {

    public static final int MAX_LINES = 1000;
    private static final DateTimeFormatter NANOS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private record Line(Instant at, String text) {
    }

    private static final class Buffers {
        ArrayDeque<Line> current = new ArrayDeque<>();
        ArrayDeque<Line> previous = new ArrayDeque<>();
    }

    private final Supplier<Instant> clock;
    private final Map<String, Buffers> buffers = new HashMap<>();

    LogBook(Supplier<Instant> clock) {
        this.clock = clock;
    }

    private static String key(String ns, String pod, String container) {
        return ns + "/" + pod + "/" + container;
    }

    public void append(String ns, String pod, String container, String text) {
        append(ns, pod, container, clock.get(), text);
    }

    public synchronized void append(String ns, String pod, String container, Instant at, String text) {
        Buffers b = buffers.computeIfAbsent(key(ns, pod, container), k -> new Buffers());
        b.current.addLast(new Line(at, text));
        while (b.current.size() > MAX_LINES) {
            b.current.removeFirst();
        }
    }

    /** The container restarted: its current log becomes the previous one. */
    public synchronized void restarted(String ns, String pod, String container) {
        Buffers b = buffers.computeIfAbsent(key(ns, pod, container), k -> new Buffers());
        b.previous = b.current;
        b.current = new ArrayDeque<>();
    }

    public synchronized boolean has(String ns, String pod, String container) {
        Buffers b = buffers.get(key(ns, pod, container));
        return b != null && !b.current.isEmpty();
    }

    public synchronized void removePod(String ns, String pod) {
        buffers.keySet().removeIf(k -> k.startsWith(ns + "/" + pod + "/"));
    }

    @Override
    public synchronized List<String> lines(String namespace, String pod, String container, boolean previous,
            boolean timestamps) {
        Buffers b = buffers.get(key(namespace, pod, container));
        if (b == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Line l : previous ? b.previous : b.current) {
            out.add(timestamps ? NANOS.format(l.at) + " " + l.text : l.text);
        }
        return out;
    }
}
