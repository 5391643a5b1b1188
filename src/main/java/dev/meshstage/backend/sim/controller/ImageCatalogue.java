package dev.meshstage.backend.sim.controller;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The simulated registries: a public registry ({@code docker.io}, {@code registry.k8s.io}, {@code quay.io}, …)
 * serves any reference, except a tag the sim knows not to exist in a repository whose tags it knows (the
 * workshop's own images keep their real tag lists, so {@code simple-buy-product:no-such-tag} is NotFound); a
 * registry host that is not public does not resolve. Offline ({@code sim network offline}) nothing is pulled,
 * only images on the node (the kind node image's, preloaded ones) start. References are compared in their
 * normalized form ({@code nginx} is {@code docker.io/library/nginx:latest}).
 */
public final class ImageCatalogue {

    public static final String K8S_VERSION = "v1.34.3";
    public static final String KIND_TAG = "v20251212-v0.29.0-alpha-105-g20ccfc88";
    public static final String COREDNS = "registry.k8s.io/coredns/coredns:v1.12.1";
    public static final String ETCD = "registry.k8s.io/etcd:3.6.4-0";
    public static final String KUBE_APISERVER = "registry.k8s.io/kube-apiserver:" + K8S_VERSION;
    public static final String KUBE_CONTROLLER_MANAGER = "registry.k8s.io/kube-controller-manager:" + K8S_VERSION;
    public static final String KUBE_SCHEDULER = "registry.k8s.io/kube-scheduler:" + K8S_VERSION;
    public static final String KUBE_PROXY = "registry.k8s.io/kube-proxy:" + K8S_VERSION;
    public static final String PAUSE = "registry.k8s.io/pause:3.10.1";
    public static final String KINDNETD = "docker.io/kindest/kindnetd:" + KIND_TAG;
    public static final String LOCAL_PATH_PROVISIONER = "docker.io/kindest/local-path-provisioner:" + KIND_TAG;
    public static final String LOCAL_PATH_HELPER = "docker.io/kindest/local-path-helper:" + KIND_TAG;

    private static final long MB = 1024 * 1024;

    /** Registries that answer on the simulated internet. */
    static final Set<String> PUBLIC_REGISTRIES = Set.of("docker.io", "registry.k8s.io", "k8s.gcr.io", "gcr.io", "quay.io", "ghcr.io",
            "mcr.microsoft.com", "public.ecr.aws", "registry.gitlab.com", "nvcr.io", "docker.elastic.co", "cgr.dev");
    /** Repositories whose every tag the sim knows (the workshop's own): another tag is NotFound. */
    static final String CLOSED_REPOSITORIES = "docker.io/sayedimran/";
    /** Docker Hub's official images ({@code docker.io/library/…}): a name outside this set does not exist. */
    static final Set<String> OFFICIAL_IMAGES = Set.of("adminer", "almalinux", "alpine", "amazoncorretto", "amazonlinux", "bash",
            "buildpack-deps", "busybox", "caddy", "cassandra", "centos", "clojure", "consul", "couchbase", "couchdb", "debian",
            "docker", "drupal", "eclipse-temurin", "elixir", "erlang", "fedora", "gcc", "ghost", "golang", "gradle", "groovy",
            "haproxy", "hello-world", "httpd", "influxdb", "jetty", "joomla", "julia", "kibana", "mariadb", "maven", "memcached",
            "mongo", "mysql", "nats", "neo4j", "nextcloud", "nginx", "node", "openjdk", "oraclelinux", "perl", "php", "postgres",
            "python", "rabbitmq", "redis", "redmine", "registry", "rockylinux", "ruby", "rust", "solr", "sonarqube", "swift",
            "telegraf", "tomcat", "traefik", "ubuntu", "vault", "wordpress", "zookeeper");

    private final Map<String, Long> known = new LinkedHashMap<>();
    private volatile java.util.function.BooleanSupplier offline = () -> false;
    private final Set<String> nodeImages = new LinkedHashSet<>();
    private final Set<String> preloaded = new LinkedHashSet<>();

    public ImageCatalogue() {
        for (String ref : new String[] {COREDNS, ETCD, KUBE_APISERVER, KUBE_CONTROLLER_MANAGER, KUBE_SCHEDULER,
                KUBE_PROXY, PAUSE, KINDNETD, LOCAL_PATH_PROVISIONER, LOCAL_PATH_HELPER}) {
            nodeImages.add(normalize(ref));
        }
        add(COREDNS, 22);
        add(ETCD, 23);
        add(KUBE_APISERVER, 29);
        add(KUBE_CONTROLLER_MANAGER, 22);
        add(KUBE_SCHEDULER, 17);
        add(KUBE_PROXY, 28);
        add(PAUSE, 1);
        add(KINDNETD, 45);
        add(LOCAL_PATH_PROVISIONER, 22);
        add(LOCAL_PATH_HELPER, 3);
        add("quay.io/metallb/controller:v0.14.9", 30);
        add("quay.io/metallb/speaker:v0.14.9", 53);
        add("docker.io/istio/pilot:1.28.3", 80);
        add("docker.io/istio/proxyv2:1.28.3", 101);
        for (String app : new String[] {"auth", "product", "cart", "order", "notification"}) {
            add("sayedimran/simple-buy-" + app + ":v1.0.0", 14);
        }
        add("sayedimran/simple-buy-frontend:v1.0.0", 62);
        add("sayedimran/simple-buy-frontend:v1.0.1", 62);
        add("postgres:16-alpine", 107);
        add("redis:7-alpine", 17);
        add("rabbitmq:3-management-alpine", 111);
        add("nginx:alpine", 22);
        add("nginx", 72);
        add("busybox", 2);
        add("busybox:1.36", 2);
        add("curlimages/curl:8.16.0", 12);
    }

    /** Makes an image pullable; {@code sizeMb} decides how long a pull takes. */
    public synchronized void add(String ref, long sizeMb) {
        known.put(normalize(ref), sizeMb * MB + (Json.hash(7, ref) & 0xFFFFF));
    }

    public synchronized void preload(Collection<String> refs) {
        refs.forEach(r -> preloaded.add(normalize(r)));
    }

    public synchronized Set<String> preloaded() {
        return Set.copyOf(preloaded);
    }

    /** Images the kind node image ships (present on every node from the start). */
    public synchronized Set<String> nodeImages() {
        return Set.copyOf(nodeImages);
    }

    /** Namespace, name and key of the ConfigMap that holds a cluster's {@code sim network} state (saved with the cluster). */
    public static final String NETWORK_NAMESPACE = "kube-system";
    public static final String NETWORK_CONFIGMAP = "meshstage-sim-network";
    public static final String NETWORK_KEY = "registries";

    /** Whether the cluster's registries are cut off: its network ConfigMap says {@code offline}. */
    public static boolean offlineIn(dev.meshstage.backend.sim.store.ObjectStore store) {
        var cm = store.find(store.registry().require("v1", "ConfigMap"), NETWORK_NAMESPACE, NETWORK_CONFIGMAP);
        return cm != null && "offline".equals(cm.path("data").path(NETWORK_KEY).asString(""));
    }

    /** Where the network state comes from (the cluster's {@code sim network} setting). */
    public void offlineWhen(java.util.function.BooleanSupplier offline) {
        this.offline = offline;
    }

    public boolean offline() {
        return offline.getAsBoolean();
    }

    /** Whether a registry serves this image now. Preloaded images need no registry. */
    public boolean pullable(String ref) {
        return pullError(ref) == null;
    }

    /** Why pulling this reference fails, as containerd words it, or null when a registry serves it. */
    public synchronized String pullError(String ref) {
        String n = normalize(ref);
        String registry = n.substring(0, n.indexOf('/'));
        String host = registry.equals("docker.io") ? "registry-1.docker.io" : registry;
        String path = repository(n).substring(registry.length() + 1);
        String tag = n.contains("@") ? n.substring(n.indexOf('@') + 1) : n.substring(n.lastIndexOf(':') + 1);
        String unresolvable = "rpc error: code = Unknown desc = failed to pull and unpack image \"" + n + "\": failed to resolve reference \""
                + n + "\": failed to do request: Head \"https://" + host + "/v2/" + path + "/manifests/" + tag
                + "\": dial tcp: lookup " + host.replaceFirst(":\\d+$", "") + ": no such host";
        if (offline() || !PUBLIC_REGISTRIES.contains(registry.replaceFirst(":\\d+$", ""))) {
            return unresolvable;
        }
        if (known.containsKey(n)) {
            return null;
        }
        if (n.startsWith("docker.io/library/") && !OFFICIAL_IMAGES.contains(path.substring("library/".length()))) {
            return "rpc error: code = Unknown desc = failed to pull and unpack image \"" + n + "\": failed to resolve reference \"" + n
                    + "\": pull access denied, repository does not exist or may require authorization: server message: "
                    + "insufficient_scope: authorization failed";
        }
        if (!n.startsWith(CLOSED_REPOSITORIES)) {
            return null;
        }
        return "rpc error: code = NotFound desc = failed to pull and unpack image \"" + n
                + "\": failed to resolve reference \"" + n + "\": " + n + ": not found";
    }

    public synchronized boolean isPreloaded(String ref) {
        String n = normalize(ref);
        return preloaded.contains(n) || nodeImages.contains(n);
    }

    public synchronized long size(String ref) {
        return known.getOrDefault(normalize(ref), 25 * MB + (Json.hash(11, ref) & 0xFFFFF));
    }

    /** How long pulling takes in virtual time (about 40 MB/s plus a round trip). */
    public Duration pullDuration(String ref) {
        return Duration.ofMillis(700 + size(ref) * 1000 / (40 * MB));
    }

    public static String digest(String ref) {
        return "sha256:" + Json.sha256Hex("meshstage-image/" + normalize(ref));
    }

    /** {@code docker.io/library/nginx@sha256:…}, as containerStatuses[].imageID shows it. */
    public static String imageId(String ref) {
        return repository(normalize(ref)) + "@" + digest(ref);
    }

    /** {@code nginx:alpine} → {@code docker.io/library/nginx:alpine}; {@code x} → {@code docker.io/library/x:latest}. */
    public static String normalize(String ref) {
        String r = ref.trim();
        String digest = "";
        int at = r.indexOf('@');
        if (at >= 0) {
            digest = r.substring(at);
            r = r.substring(0, at);
        }
        int slash = r.indexOf('/');
        String first = slash < 0 ? "" : r.substring(0, slash);
        boolean hasRegistry = slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
        if (!hasRegistry) {
            r = (slash < 0 ? "docker.io/library/" : "docker.io/") + r;
        }
        int lastSlash = r.lastIndexOf('/');
        if (r.indexOf(':', lastSlash) < 0 && digest.isEmpty()) {
            r = r + ":latest";
        }
        return r + digest;
    }

    /** The repository part of a normalized reference (no tag, no digest). */
    public static String repository(String normalized) {
        String r = normalized;
        int at = r.indexOf('@');
        if (at >= 0) {
            r = r.substring(0, at);
        }
        int colon = r.indexOf(':', r.lastIndexOf('/'));
        return colon >= 0 ? r.substring(0, colon) : r;
    }

    /** True when the reference names the {@code latest} tag (explicitly or by omission). */
    public static boolean isLatest(String ref) {
        return normalize(ref).endsWith(":latest");
    }
}
