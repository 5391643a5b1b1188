package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.workshop.ClusterPlan;
import dev.meshstage.pki.ClusterCertificates;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Kubeconfig entries for simulated clusters, named as kind names them: cluster, user and context
 * {@code kind-<cluster>}. Writing merges into an existing file (other entries are kept), leaves an existing
 * {@code current-context} alone, and keeps the file private (0600), as kind does.
 */
public final class SimKubeconfig {

    private SimKubeconfig() {
    }

    public static String contextName(String cluster) {
        return ClusterPlan.contextOf(cluster);
    }

    /** Adds or replaces the entries of a running server's cluster in {@code file}. */
    public static void write(Path file, ApiServer server) {
        write(file, server.cluster(), server.url(), server.certificates().caCertificatePem(), server.adminToken());
    }

    public static void write(Path file, String cluster, String serverUrl, String caPem, String token) {
        try {
            ObjectNode config = Files.isRegularFile(file) && Files.size(file) > 0 ? read(file) : empty();
            merge(config, cluster, serverUrl, caPem, token);
            writeFile(file, config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write kubeconfig " + file, e);
        }
    }

    /** Removes the entries of a cluster (the current context is cleared when it was that cluster's). */
    public static void remove(Path file, String cluster) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            ObjectNode config = read(file);
            String name = contextName(cluster);
            for (String section : new String[] {"clusters", "users", "contexts"}) {
                if (config.get(section) instanceof ArrayNode arr) {
                    arr.removeIf(e -> name.equals(e.path("name").asString("")));
                }
            }
            if (name.equals(config.path("current-context").asString(""))) {
                config.put("current-context", "");
            }
            writeFile(file, config);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write kubeconfig " + file, e);
        }
    }

    /** A kubeconfig holding only this cluster (what fabric8's {@code Config.fromKubeconfig} can read). */
    public static String render(String cluster, String serverUrl, String caPem, String token) {
        ObjectNode config = empty();
        merge(config, cluster, serverUrl, caPem, token);
        return Json.YAML.writeValueAsString(config);
    }

    public static String render(ApiServer server) {
        return render(server.cluster(), server.url(), server.certificates().caCertificatePem(), server.adminToken());
    }

    private static ObjectNode empty() {
        ObjectNode c = Json.object();
        c.put("apiVersion", "v1");
        c.putArray("clusters");
        c.putArray("contexts");
        c.put("current-context", "");
        c.put("kind", "Config");
        c.putObject("preferences");
        c.putArray("users");
        return c;
    }

    private static ObjectNode read(Path file) throws IOException {
        JsonNode n = Json.YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
        return n instanceof ObjectNode o ? o : empty();
    }

    private static void merge(ObjectNode config, String cluster, String serverUrl, String caPem, String token) {
        String name = contextName(cluster);
        ObjectNode c = Json.object();
        c.put("certificate-authority-data", Base64.getEncoder().encodeToString(caPem.getBytes(StandardCharsets.UTF_8)));
        c.put("server", serverUrl);
        upsert(config, "clusters", name, "cluster", c);
        ObjectNode ctx = Json.object();
        ctx.put("cluster", name);
        ctx.put("user", name);
        upsert(config, "contexts", name, "context", ctx);
        ObjectNode u = Json.object();
        u.put("token", token);
        upsert(config, "users", name, "user", u);
        if (config.path("current-context").asString("").isEmpty()) {
            config.put("current-context", name);
        }
        if (!config.has("apiVersion")) {
            config.put("apiVersion", "v1");
        }
        if (!config.has("kind")) {
            config.put("kind", "Config");
        }
    }

    private static void upsert(ObjectNode config, String section, String name, String field, ObjectNode value) {
        ArrayNode arr = config.get(section) instanceof ArrayNode a ? a : config.putArray(section);
        for (JsonNode e : arr) {
            if (name.equals(e.path("name").asString("")) && e instanceof ObjectNode o) {
                o.set(field, value);
                return;
            }
        }
        ObjectNode entry = arr.addObject();
        entry.set(field, value);
        entry.put("name", name);
    }

    private static void writeFile(Path file, ObjectNode config) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        ClusterCertificates.writePrivate(file, Json.YAML.writeValueAsString(config));
    }
}
