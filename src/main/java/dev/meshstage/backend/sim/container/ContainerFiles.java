package dev.meshstage.backend.sim.container;

import dev.meshstage.backend.sim.store.ObjectStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A container's file system as its processes see it: the image's skeleton, the files the kubelet writes
 * ({@code /etc/hostname}, {@code /etc/hosts}, {@code /etc/resolv.conf}), the pod's volumes at their mount paths
 * (ConfigMaps, Secrets, the service-account token directory, downward API, empty dirs; ConfigMap and Secret
 * mounts are read-only), and over all that what the container's own processes wrote (kept for the life of
 * the container, like its writable layer).
 */
public final class ContainerFiles {

    /** What processes of one container instance wrote, removed and created (its writable layer). */
    public static final class Layer {
        final Map<String, byte[]> files = new TreeMap<>();
        final Set<String> dirs = new TreeSet<>();
        final Set<String> removed = new HashSet<>();
    }

    private final Map<String, byte[]> base = new TreeMap<>();
    private final Set<String> baseDirs = new TreeSet<>();
    private final List<String> readOnly = new ArrayList<>();
    private final Layer layer;

    ContainerFiles(Layer layer) {
        this.layer = layer;
        baseDirs.add("/");
    }

    /** The file system of {@code container} in {@code pod}, as the cluster's objects define it now. */
    static ContainerFiles of(ObjectStore store, JsonNode pod, JsonNode container, String dnsIp, Collection<String> binaries,
            Layer layer) {
        ContainerFiles f = new ContainerFiles(layer);
        for (String d : List.of("/bin", "/dev", "/etc", "/home", "/proc", "/root", "/run", "/sys", "/tmp", "/usr", "/usr/bin",
                "/usr/local", "/usr/local/bin", "/var", "/var/log", "/var/run")) {
            f.baseDirs.add(d);
        }
        for (String b : binaries) {
            f.base.put("/bin/" + b, new byte[0]);
        }
        f.put("/dev/null", "");
        String ns = pod.path("metadata").path("namespace").asString();
        String name = pod.path("metadata").path("name").asString();
        String hostname = pod.path("spec").path("hostname").asString(name);
        String subdomain = pod.path("spec").path("subdomain").asString("");
        String ip = pod.path("status").path("podIP").asString("");
        f.put("/etc/hostname", hostname + "\n");
        StringBuilder hosts = new StringBuilder("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
                + "fe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n");
        if (!ip.isEmpty() && !pod.path("spec").path("hostNetwork").asBoolean(false)) {
            hosts.append(ip).append('\t').append(subdomain.isEmpty() ? hostname
                    : hostname + "." + subdomain + "." + ns + ".svc.cluster.local\t" + hostname).append('\n');
        }
        f.put("/etc/hosts", hosts.toString());
        f.put("/etc/resolv.conf", "search " + ns + ".svc.cluster.local svc.cluster.local cluster.local\nnameserver " + dnsIp
                + "\noptions ndots:5\n");
        f.put("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n");
        f.put("/etc/os-release", "NAME=\"meshstage simulated container\"\nID=meshstage\nPRETTY_NAME=\"meshstage sim (no real image runs here)\"\n");
        boolean tokenMounted = false;
        for (JsonNode mount : container.path("volumeMounts")) {
            String path = normalize(mount.path("mountPath").asString("/"), "/");
            JsonNode volume = volume(pod, mount.path("name").asString());
            if (volume == null) {
                continue;
            }
            tokenMounted |= path.equals("/var/run/secrets/kubernetes.io/serviceaccount");
            f.mount(store, pod, ns, path, mount.path("subPath").asString(""), volume);
            if (mount.path("readOnly").asBoolean(false) || volume.has("configMap") || volume.has("secret") || volume.has("projected")
                    || volume.has("downwardAPI")) {
                f.readOnly.add(path);
            }
        }
        if (!tokenMounted && pod.path("spec").path("automountServiceAccountToken").asBoolean(true)) {
            String dir = "/var/run/secrets/kubernetes.io/serviceaccount";
            f.serviceAccount(store, pod, ns, dir, null);
            f.readOnly.add(dir);
        }
        return f;
    }

    private static JsonNode volume(JsonNode pod, String name) {
        for (JsonNode v : pod.path("spec").path("volumes")) {
            if (v.path("name").asString().equals(name)) {
                return v;
            }
        }
        return null;
    }

    private void mount(ObjectStore store, JsonNode pod, String ns, String path, String subPath, JsonNode volume) {
        mkdirs(path);
        if (volume.has("configMap")) {
            ObjectNode cm = ContainerEnv.find(store, "ConfigMap", ns, volume.path("configMap").path("name").asString());
            keys(path, subPath, cm == null ? null : cm.path("data"), volume.path("configMap").path("items"), false);
        } else if (volume.has("secret")) {
            ObjectNode s = ContainerEnv.find(store, "Secret", ns, volume.path("secret").path("secretName").asString());
            keys(path, subPath, s == null ? null : s.path("data"), volume.path("secret").path("items"), true);
        } else if (volume.has("projected")) {
            for (JsonNode source : volume.path("projected").path("sources")) {
                if (source.has("serviceAccountToken")) {
                    serviceAccount(store, pod, ns, path, source.path("serviceAccountToken").path("path").asString("token"));
                } else if (source.has("configMap")) {
                    ObjectNode cm = ContainerEnv.find(store, "ConfigMap", ns, source.path("configMap").path("name").asString());
                    keys(path, "", cm == null ? null : cm.path("data"), source.path("configMap").path("items"), false);
                } else if (source.has("secret")) {
                    ObjectNode s = ContainerEnv.find(store, "Secret", ns, source.path("secret").path("name").asString());
                    keys(path, "", s == null ? null : s.path("data"), source.path("secret").path("items"), true);
                } else if (source.has("downwardAPI")) {
                    downward(pod, path, source.path("downwardAPI").path("items"));
                }
            }
        } else if (volume.has("downwardAPI")) {
            downward(pod, path, volume.path("downwardAPI").path("items"));
        }
        // emptyDir, hostPath, persistentVolumeClaim: an empty directory the container writes into
    }

    private void keys(String dir, String subPath, JsonNode data, JsonNode items, boolean base64) {
        if (data == null) {
            return;
        }
        if (!subPath.isEmpty()) {
            JsonNode v = data.get(subPath);
            baseDirs.remove(dir);
            if (v != null) {
                base.put(dir, bytes(v.asString(), base64));
            }
            return;
        }
        if (items.isArray() && !items.isEmpty()) {
            for (JsonNode item : items) {
                JsonNode v = data.get(item.path("key").asString());
                if (v != null) {
                    putFile(dir + "/" + item.path("path").asString(item.path("key").asString()), bytes(v.asString(), base64));
                }
            }
            return;
        }
        data.properties().forEach(e -> putFile(dir + "/" + e.getKey(), bytes(e.getValue().asString(), base64)));
    }

    private void downward(JsonNode pod, String dir, JsonNode items) {
        for (JsonNode item : items) {
            String value = ContainerEnv.field(pod, item.path("fieldRef").path("fieldPath").asString());
            putFile(dir + "/" + item.path("path").asString(), value.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The token directory: the namespace, the cluster CA (from kube-root-ca.crt) and a token. The token is shaped
     * like the real one (a JWT naming the service account) but carries no valid signature: a credential to the
     * sim's API would not belong in a learner's terminal output.
     */
    private void serviceAccount(ObjectStore store, JsonNode pod, String ns, String dir, String tokenPath) {
        mkdirs(dir);
        String sa = pod.path("spec").path("serviceAccountName").asString("default");
        putFile(dir + "/namespace", ns.getBytes(StandardCharsets.UTF_8));
        ObjectNode ca = ContainerEnv.find(store, "ConfigMap", ns, "kube-root-ca.crt");
        if (ca != null) {
            putFile(dir + "/ca.crt", ca.path("data").path("ca.crt").asString("").getBytes(StandardCharsets.UTF_8));
        }
        String header = b64url("{\"alg\":\"RS256\",\"kid\":\"meshstage-sim\"}");
        String claims = b64url("{\"aud\":[\"https://kubernetes.default.svc.cluster.local\"],\"iss\":\"https://kubernetes.default.svc.cluster.local\","
                + "\"kubernetes.io\":{\"namespace\":\"" + ns + "\",\"pod\":{\"name\":\"" + pod.path("metadata").path("name").asString()
                + "\",\"uid\":\"" + pod.path("metadata").path("uid").asString() + "\"},\"serviceaccount\":{\"name\":\"" + sa
                + "\"}},\"sub\":\"system:serviceaccount:" + ns + ":" + sa + "\"}");
        putFile(dir + "/" + (tokenPath == null ? "token" : tokenPath),
                (header + "." + claims + "." + b64url("not-a-signature: simulated token")).getBytes(StandardCharsets.UTF_8));
    }

    private static String b64url(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String v, boolean base64) {
        return base64 ? Base64.getMimeDecoder().decode(v) : v.getBytes(StandardCharsets.UTF_8);
    }

    private void put(String path, String content) {
        putFile(path, content.getBytes(StandardCharsets.UTF_8));
    }

    private void putFile(String path, byte[] content) {
        mkdirs(parent(path));
        base.put(path, content);
    }

    private void mkdirs(String dir) {
        for (String d = dir; !d.equals("/") && baseDirs.add(d); d = parent(d)) {
            // every ancestor exists too
        }
    }

    // ------------------------------------------------------------------ what processes see

    /** An absolute path for {@code path} relative to {@code cwd}, with {@code .} and {@code ..} resolved. */
    public static String normalize(String path, String cwd) {
        String full = path.startsWith("/") ? path : (cwd.endsWith("/") ? cwd : cwd + "/") + path;
        List<String> parts = new ArrayList<>();
        for (String p : full.split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
            } else {
                parts.add(p);
            }
        }
        return "/" + String.join("/", parts);
    }

    static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }

    static String baseName(String path) {
        return path.equals("/") ? "/" : path.substring(path.lastIndexOf('/') + 1);
    }

    public synchronized byte[] read(String path) {
        if (layer.files.containsKey(path)) {
            return layer.files.get(path);
        }
        if (layer.removed.contains(path)) {
            return null;
        }
        return base.get(path);
    }

    public synchronized boolean isDirectory(String path) {
        if (layer.dirs.contains(path)) {
            return true;
        }
        return !layer.removed.contains(path) && baseDirs.contains(path);
    }

    public synchronized boolean exists(String path) {
        return read(path) != null || isDirectory(path);
    }

    /** The names directly inside a directory, sorted. */
    public synchronized List<String> list(String dir) {
        String prefix = dir.equals("/") ? "/" : dir + "/";
        Set<String> names = new TreeSet<>();
        for (Collection<String> c : List.of(base.keySet(), baseDirs, layer.files.keySet(), layer.dirs)) {
            for (String p : c) {
                if (p.startsWith(prefix) && p.length() > prefix.length() && exists(p)) {
                    String rest = p.substring(prefix.length());
                    names.add(rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest);
                }
            }
        }
        names.removeIf(n -> !exists(prefix + n));
        return new ArrayList<>(names);
    }

    /** @return null, or the error as the shell prints it ({@code Read-only file system}, {@code No such file or directory}) */
    public synchronized String write(String path, byte[] content, boolean append) {
        if (path.equals("/dev/null")) {
            return null;
        }
        String problem = writable(path);
        if (problem != null) {
            return problem;
        }
        if (isDirectory(path)) {
            return "Is a directory";
        }
        if (!isDirectory(parent(path))) {
            return "No such file or directory";
        }
        byte[] old = append ? read(path) : null;
        byte[] out = content;
        if (old != null) {
            out = new byte[old.length + content.length];
            System.arraycopy(old, 0, out, 0, old.length);
            System.arraycopy(content, 0, out, old.length, content.length);
        }
        layer.files.put(path, out);
        layer.removed.remove(path);
        return null;
    }

    public synchronized String mkdir(String path, boolean parents) {
        String problem = writable(path);
        if (problem != null) {
            return problem;
        }
        if (exists(path)) {
            return parents ? null : "File exists";
        }
        if (!isDirectory(parent(path))) {
            if (!parents) {
                return "No such file or directory";
            }
            String p = mkdir(parent(path), true);
            if (p != null) {
                return p;
            }
        }
        layer.dirs.add(path);
        layer.removed.remove(path);
        return null;
    }

    public synchronized String remove(String path, boolean recursive) {
        if (!exists(path)) {
            return "No such file or directory";
        }
        String problem = writable(path);
        if (problem != null) {
            return problem;
        }
        if (isDirectory(path)) {
            if (!recursive) {
                return "Is a directory";
            }
            for (String child : list(path)) {
                remove(path.equals("/") ? "/" + child : path + "/" + child, true);
            }
            layer.dirs.remove(path);
        }
        layer.files.remove(path);
        layer.removed.add(path);
        return null;
    }

    private String writable(String path) {
        for (String ro : readOnly) {
            if (path.equals(ro) || path.startsWith(ro + "/")) {
                return "Read-only file system";
            }
        }
        if (path.startsWith("/proc/") || path.startsWith("/sys/")) {
            return "Read-only file system";
        }
        return null;
    }
}
