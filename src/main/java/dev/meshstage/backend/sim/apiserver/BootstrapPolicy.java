package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The default ClusterRoles and ClusterRoleBindings (resource {@code rbac/bootstrap-policy.yaml}), created by the
 * API server when missing and brought up to date when auto-updated, as kube-apiserver's RBAC post-start hook does: cluster-admin, admin, edit, view, the
 * system:* roles, and kubeadm's {@code kubeadm:cluster-admins} binding that makes the kubeconfig's user an admin.
 */
final class BootstrapPolicy {

    private static final String RESOURCE = "/rbac/bootstrap-policy.yaml";

    private BootstrapPolicy() {
    }

    static List<ObjectNode> objects() {
        try (InputStream in = BootstrapPolicy.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<ObjectNode> out = new ArrayList<>();
            for (String doc : text.split("(?m)^---\\s*$")) {
                JsonNode n = Json.YAML.readTree(doc);
                if (n instanceof ObjectNode o && o.has("kind")) {
                    o.put("apiVersion", "rbac.authorization.k8s.io/v1");
                    ObjectNode meta = (ObjectNode) o.get("metadata");
                    if (!meta.path("name").asString().startsWith("kubeadm:")) {
                        ObjectNode ann = meta.putObject("annotations");
                        ann.put("rbac.authorization.kubernetes.io/autoupdate", "true");
                        ObjectNode labels = meta.get("labels") instanceof ObjectNode l ? l : meta.putObject("labels");
                        labels.put("kubernetes.io/bootstrapping", "rbac-defaults");
                    }
                    out.add(o);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates every object of the policy that the store lacks and, as kube-apiserver's reconciliation at start, adds
     * what this build's policy grants to a role or binding marked {@code autoupdate: "true"} (a cluster saved by an
     * older build gets the new permissions; nothing it has is taken away, and one marked "false" is left alone).
     */
    static void ensure(ObjectStore store) {
        for (ObjectNode o : objects()) {
            ResourceType type = store.registry().require(o.path("apiVersion").asString(), o.path("kind").asString());
            String name = o.path("metadata").path("name").asString();
            ObjectNode have = store.find(type, "", name);
            if (have == null) {
                store.create(type, "", o);
                continue;
            }
            if (!have.path("metadata").path("annotations").path("rbac.authorization.kubernetes.io/autoupdate").asString("").equals("true")) {
                continue;
            }
            ObjectNode updated = have.deepCopy();
            boolean changed = false;
            for (String list : List.of("rules", "subjects")) {
                changed |= addMissing(updated, list, o.path(list));
            }
            if (o.has("aggregationRule") && !o.get("aggregationRule").equals(have.get("aggregationRule"))) {
                updated.set("aggregationRule", o.get("aggregationRule").deepCopy());
                changed = true;
            }
            if (changed) {
                store.update(type, "", name, updated);
            }
        }
    }

    /** Appends the entries of {@code wanted} that {@code obj}'s list lacks; true when it did. */
    private static boolean addMissing(ObjectNode obj, String list, JsonNode wanted) {
        if (!wanted.isArray() || wanted.isEmpty()) {
            return false;
        }
        tools.jackson.databind.node.ArrayNode have = obj.get(list) instanceof tools.jackson.databind.node.ArrayNode a ? a : obj.putArray(list);
        boolean changed = false;
        for (JsonNode entry : wanted) {
            boolean present = false;
            for (JsonNode h : have) {
                present |= h.equals(entry);
            }
            if (!present) {
                have.add(entry.deepCopy());
                changed = true;
            }
        }
        return changed;
    }
}
