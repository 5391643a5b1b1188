package dev.meshstage.kube;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * kustomize's default output order ("legacy" sort, kustomize v5 {@code SortOrderTransformer}), so
 * that our rendering lists objects exactly as {@code kubectl kustomize} does and things are created
 * before what refers to them: kinds in {@link #FIRST} come first in that order, kinds in {@link #LAST}
 * come last, all other kinds in between; ties by "group_version_kind", then by namespace and name.
 */
final class ResourceOrder {

    private static final List<String> FIRST = List.of(
            "Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition", "ServiceAccount",
            "PodSecurityPolicy", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ConfigMap",
            "Secret", "Endpoints", "Service", "LimitRange", "PriorityClass", "PersistentVolume",
            "PersistentVolumeClaim", "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget");
    private static final List<String> LAST = List.of(
            "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");

    /** Rank of a kind: negative for FIRST, positive for LAST, 0 for every other kind (kustomize's numbers). */
    private static final Map<String, Integer> RANK = ranks();

    static final Comparator<ObjectNode> LEGACY = ResourceOrder::compare;

    private ResourceOrder() {
    }

    private static Map<String, Integer> ranks() {
        Map<String, Integer> ranks = new HashMap<>();
        for (int i = 0; i < FIRST.size(); i++) {
            ranks.put(FIRST.get(i), i - FIRST.size());
        }
        for (int i = 0; i < LAST.size(); i++) {
            ranks.put(LAST.get(i), i + 1);
        }
        return Map.copyOf(ranks);
    }

    private static int compare(ObjectNode a, ObjectNode b) {
        Gvk x = Gvk.of(a);
        Gvk y = Gvk.of(b);
        if (!x.equals(y)) {
            int byRank = Integer.compare(RANK.getOrDefault(x.kind(), 0), RANK.getOrDefault(y.kind(), 0));
            if (byRank != 0) {
                return byRank;
            }
            int byGvk = sortString(x).compareTo(sortString(y));
            // kustomize puts a group-less (core) Namespace after namespaces of other groups
            boolean namespaces = x.kind().equals("Namespace") && y.kind().equals("Namespace");
            return namespaces && (x.group().isEmpty() || y.group().isEmpty()) ? -byGvk : byGvk;
        }
        return idString(a).compareTo(idString(b));
    }

    private static String sortString(Gvk gvk) {
        return or(gvk.group(), "~G") + "_" + or(gvk.version(), "~V") + "_" + or(gvk.kind(), "~K");
    }

    /** Objects of one GVK compare by namespace then name; kustomize builds this string to do it. */
    private static String idString(ObjectNode object) {
        JsonNode metadata = object.path("metadata");
        return or(Gvk.text(metadata.get("namespace")), "~X") + "|" + or(Gvk.text(metadata.get("name")), "~N");
    }

    private static String or(String value, String whenEmpty) {
        return value.isEmpty() ? whenEmpty : value;
    }
}
