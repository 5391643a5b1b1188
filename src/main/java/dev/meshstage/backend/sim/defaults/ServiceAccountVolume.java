package dev.meshstage.backend.sim.defaults;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * What the ServiceAccount admission plugin adds to a new pod: the projected {@code kube-api-access-xxxxx} volume
 * (a bound token for an hour and 7 s, the cluster CA from {@code kube-root-ca.crt}, the namespace) mounted read-only
 * at {@code /var/run/secrets/kubernetes.io/serviceaccount} in every container, unless the pod or its service account
 * opts out with {@code automountServiceAccountToken: false} or a container already mounts that path.
 */
public final class ServiceAccountVolume {

    public static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
    private static final String SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private ServiceAccountVolume() {
    }

    /** Adds the volume and mounts to {@code pod}; {@code serviceAccount} may be null (not created yet). */
    public static void add(ObjectNode pod, ObjectNode serviceAccount) {
        ObjectNode spec = ApiDefaults.child(pod, "spec");
        JsonNode podAutomount = spec.get("automountServiceAccountToken");
        boolean automount = podAutomount != null && podAutomount.isBoolean() ? podAutomount.asBoolean()
                : serviceAccount == null || serviceAccount.path("automountServiceAccountToken").asBoolean(true);
        if (!automount) {
            return;
        }
        for (JsonNode v : spec.path("volumes")) {
            if (v.path("name").asString("").startsWith("kube-api-access-")) {
                return; // already there (admission of an update, a re-created object)
            }
        }
        String name = "kube-api-access-" + suffix(pod.path("metadata").path("uid").asString("")
                + "/" + pod.path("metadata").path("name").asString(""));
        ArrayNode volumes = spec.get("volumes") instanceof ArrayNode a ? a : spec.putArray("volumes");
        ObjectNode projected = volumes.addObject();
        projected.put("name", name);
        ObjectNode p = projected.putObject("projected");
        p.put("defaultMode", 420);
        ArrayNode sources = p.putArray("sources");
        ObjectNode token = sources.addObject().putObject("serviceAccountToken");
        token.put("expirationSeconds", 3607);
        token.put("path", "token");
        ObjectNode ca = sources.addObject().putObject("configMap");
        ca.put("name", "kube-root-ca.crt");
        ObjectNode item = ca.putArray("items").addObject();
        item.put("key", "ca.crt");
        item.put("path", "ca.crt");
        ObjectNode nsItem = sources.addObject().putObject("downwardAPI").putArray("items").addObject();
        ObjectNode ref = nsItem.putObject("fieldRef");
        ref.put("apiVersion", "v1");
        ref.put("fieldPath", "metadata.namespace");
        nsItem.put("path", "namespace");
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode c : spec.path(list)) {
                ObjectNode container = (ObjectNode) c;
                boolean mounted = false;
                for (JsonNode m : container.path("volumeMounts")) {
                    mounted |= m.path("mountPath").asString("").equals(MOUNT_PATH);
                }
                if (!mounted) {
                    ArrayNode mounts = container.get("volumeMounts") instanceof ArrayNode a ? a : container.putArray("volumeMounts");
                    ObjectNode mount = mounts.addObject();
                    mount.put("mountPath", MOUNT_PATH);
                    mount.put("name", name);
                    mount.put("readOnly", true);
                }
            }
        }
    }

    /** Five characters of the alphabet the API server's random suffixes use, derived from the pod (deterministic). */
    static String suffix(String seed) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                b.append(SUFFIX_ALPHABET.charAt((h[i] & 0xff) % SUFFIX_ALPHABET.length()));
            }
            return b.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
