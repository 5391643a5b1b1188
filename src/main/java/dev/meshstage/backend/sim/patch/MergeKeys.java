package dev.meshstage.backend.sim.patch;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Schema knowledge for strategic merge patch and server-side apply: how each list (and a few maps) of
 * the well-known Kubernetes kinds is merged. This mirrors the {@code patchStrategy}/{@code patchMergeKey}
 * struct tags (strategic merge) and the {@code listType}/{@code listMapKey}/{@code mapType} markers
 * (structured-merge-diff) of the Kubernetes Go types, for the fields meshstage's workloads use.
 *
 * <p>Paths are the field names from the object root joined by dots; list items are transparent, so the
 * container image field of a Deployment lives below {@code spec.template.spec.containers} and a container
 * port list is {@code spec.template.spec.containers.ports}.
 *
 * <p>Notes on lists that are deliberately <b>atomic</b> (replaced as a whole), exactly as in Kubernetes:
 * {@code tolerations} (PodSpec.Tolerations has no patch strategy and no merge key, so a patch replaces the
 * full list), {@code envFrom}, {@code args}/{@code command}, {@code readinessGates}, node
 * {@code spec.taints}, {@code status.containerStatuses}, Endpoints {@code subsets} (no merge key in
 * EndpointsSubset), RBAC {@code rules}/{@code subjects}, Ingress {@code rules}/{@code tls} and
 * StatefulSet {@code volumeClaimTemplates}. Any list not listed here is atomic too.
 *
 * <p>Kinds for which {@link #isKnown(String, String)} is false (custom resources, unknown groups) get
 * JSON merge patch semantics from {@link StrategicMergePatch} and atomic lists in {@link ServerSideApply},
 * which is what kube-apiserver does for custom resources without list-type markers.
 */
public final class MergeKeys {

    /** How a list is merged. */
    public enum Strategy {
        /** Replaced as a whole by a patch; owned as a whole by SSA ({@code listType=atomic}). */
        ATOMIC,
        /** List of objects merged by a key field ({@code patchStrategy=merge}, {@code listType=map}). */
        MERGE_BY_KEY,
        /** List of primitives merged as a set ({@code patchStrategy=merge}, {@code listType=set}). */
        SET
    }

    /**
     * @param strategy how to merge
     * @param mergeKey the strategic-merge-patch key ({@code patchMergeKey}), null unless MERGE_BY_KEY
     * @param ssaKeys  the server-side-apply list map keys ({@code listMapKey}); may be wider than the
     *                 merge key (container ports are keyed by {@code containerPort} and {@code protocol})
     */
    public record ListInfo(Strategy strategy, String mergeKey, List<String> ssaKeys) {
        static ListInfo byKey(String key, String... more) {
            String[] all = new String[more.length + 1];
            all[0] = key;
            System.arraycopy(more, 0, all, 1, more.length);
            return new ListInfo(Strategy.MERGE_BY_KEY, key, List.of(all));
        }
    }

    public static final ListInfo ATOMIC = new ListInfo(Strategy.ATOMIC, null, List.of());
    public static final ListInfo SET = new ListInfo(Strategy.SET, null, List.of());

    /** Lists present in every kind. */
    private static final Map<String, ListInfo> COMMON = Map.of(
            "metadata.ownerReferences", ListInfo.byKey("uid"),
            "metadata.finalizers", SET,
            "status.conditions", ListInfo.byKey("type"));

    /** Lists of a PodSpec, relative to the PodSpec. */
    private static final Map<String, ListInfo> POD_SPEC = Map.ofEntries(
            Map.entry("containers", ListInfo.byKey("name")),
            Map.entry("initContainers", ListInfo.byKey("name")),
            Map.entry("ephemeralContainers", ListInfo.byKey("name")),
            Map.entry("volumes", ListInfo.byKey("name")),
            Map.entry("imagePullSecrets", ListInfo.byKey("name")),
            Map.entry("hostAliases", ListInfo.byKey("ip")),
            Map.entry("topologySpreadConstraints", ListInfo.byKey("topologyKey", "whenUnsatisfiable")),
            Map.entry("resourceClaims", ListInfo.byKey("name")),
            Map.entry("schedulingGates", ListInfo.byKey("name")),
            Map.entry("tolerations", ATOMIC),
            Map.entry("readinessGates", ATOMIC));

    /** Lists of a Container, relative to the container. */
    private static final Map<String, ListInfo> CONTAINER = Map.of(
            "ports", ListInfo.byKey("containerPort", "protocol"),
            "env", ListInfo.byKey("name"),
            "volumeMounts", ListInfo.byKey("mountPath"),
            "volumeDevices", ListInfo.byKey("devicePath"),
            "envFrom", ATOMIC,
            "args", ATOMIC,
            "command", ATOMIC,
            "resizePolicy", ATOMIC);

    private static final Set<String> CONTAINER_LISTS = Set.of("containers", "initContainers", "ephemeralContainers");

    /** Where the PodSpec lives inside each workload kind. */
    private static final Map<String, String> POD_SPEC_PREFIX = Map.of(
            "v1/Pod", "spec",
            "v1/PodTemplate", "template.spec",
            "v1/ReplicationController", "spec.template.spec",
            "apps/v1/Deployment", "spec.template.spec",
            "apps/v1/ReplicaSet", "spec.template.spec",
            "apps/v1/StatefulSet", "spec.template.spec",
            "apps/v1/DaemonSet", "spec.template.spec",
            "batch/v1/Job", "spec.template.spec",
            "batch/v1/CronJob", "spec.jobTemplate.spec.template.spec");

    /** Kind-specific lists (full path). */
    private static final Map<String, Map<String, ListInfo>> KIND_LISTS = Map.of(
            "v1/Service", Map.of(
                    "spec.ports", ListInfo.byKey("port", "protocol"),
                    "spec.externalIPs", ATOMIC,
                    "spec.ipFamilies", ATOMIC,
                    "status.loadBalancer.ingress", ATOMIC),
            "v1/Pod", Map.of(
                    "status.podIPs", ListInfo.byKey("ip"),
                    "status.hostIPs", ListInfo.byKey("ip"),
                    "status.containerStatuses", ATOMIC),
            "v1/Node", Map.of(
                    "status.addresses", ListInfo.byKey("type"),
                    "spec.podCIDRs", SET,
                    "spec.taints", ATOMIC),
            "v1/ServiceAccount", Map.of(
                    "secrets", ListInfo.byKey("name"),
                    "imagePullSecrets", ListInfo.byKey("name")),
            "v1/Endpoints", Map.of("subsets", ATOMIC),
            "apps/v1/StatefulSet", Map.of("spec.volumeClaimTemplates", ATOMIC));

    /** Maps that are owned/replaced as a unit by server-side apply ({@code mapType=atomic}, {@code structType=atomic}). */
    private static final Map<String, Set<String>> ATOMIC_MAPS = Map.of(
            "v1/Service", Set.of("spec.selector"),
            "v1/ReplicationController", Set.of(),
            "apps/v1/Deployment", Set.of("spec.selector"),
            "apps/v1/ReplicaSet", Set.of("spec.selector"),
            "apps/v1/StatefulSet", Set.of("spec.selector"),
            "apps/v1/DaemonSet", Set.of("spec.selector"),
            "batch/v1/Job", Set.of("spec.selector"),
            "policy/v1/PodDisruptionBudget", Set.of("spec.selector"));

    /** Built-in kinds served with strategic merge semantics. */
    private static final Set<String> KNOWN = Set.of(
            "v1/Pod", "v1/PodTemplate", "v1/ReplicationController", "v1/Service", "v1/Endpoints", "v1/ConfigMap",
            "v1/Secret", "v1/Namespace", "v1/Node", "v1/ServiceAccount", "v1/PersistentVolumeClaim",
            "v1/PersistentVolume", "v1/Event", "v1/LimitRange", "v1/ResourceQuota", "v1/Binding",
            "apps/v1/Deployment", "apps/v1/ReplicaSet", "apps/v1/StatefulSet", "apps/v1/DaemonSet",
            "apps/v1/ControllerRevision", "batch/v1/Job", "batch/v1/CronJob",
            "networking.k8s.io/v1/Ingress", "networking.k8s.io/v1/IngressClass", "networking.k8s.io/v1/NetworkPolicy",
            "rbac.authorization.k8s.io/v1/Role", "rbac.authorization.k8s.io/v1/ClusterRole",
            "rbac.authorization.k8s.io/v1/RoleBinding", "rbac.authorization.k8s.io/v1/ClusterRoleBinding",
            "policy/v1/PodDisruptionBudget", "autoscaling/v1/HorizontalPodAutoscaler",
            "autoscaling/v2/HorizontalPodAutoscaler", "coordination.k8s.io/v1/Lease",
            "discovery.k8s.io/v1/EndpointSlice", "storage.k8s.io/v1/StorageClass",
            "events.k8s.io/v1/Event", "scheduling.k8s.io/v1/PriorityClass",
            "apiextensions.k8s.io/v1/CustomResourceDefinition",
            "admissionregistration.k8s.io/v1/MutatingWebhookConfiguration",
            "admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration");

    private MergeKeys() {
    }

    /** True for the built-in kinds that kube-apiserver serves with strategic merge patch. */
    public static boolean isKnown(String apiVersion, String kind) {
        return KNOWN.contains(apiVersion + "/" + kind);
    }

    /**
     * How the list at {@code path} (field names, list items transparent) merges; {@link #ATOMIC} when
     * Kubernetes declares no strategy (or the kind is unknown).
     */
    public static ListInfo list(String apiVersion, String kind, List<String> path) {
        String gvk = apiVersion + "/" + kind;
        String p = String.join(".", path);
        if (!isKnown(apiVersion, kind)) {
            return ATOMIC;
        }
        ListInfo common = COMMON.get(p);
        if (common != null) {
            return common;
        }
        Map<String, ListInfo> kindLists = KIND_LISTS.get(gvk);
        if (kindLists != null && kindLists.containsKey(p)) {
            return kindLists.get(p);
        }
        String prefix = POD_SPEC_PREFIX.get(gvk);
        if (prefix != null && p.startsWith(prefix + ".")) {
            String rel = p.substring(prefix.length() + 1);
            ListInfo li = POD_SPEC.get(rel);
            if (li != null) {
                return li;
            }
            int dot = rel.indexOf('.');
            if (dot > 0 && CONTAINER_LISTS.contains(rel.substring(0, dot))) {
                li = CONTAINER.get(rel.substring(dot + 1));
                if (li != null) {
                    return li;
                }
            }
        }
        return ATOMIC;
    }

    /** True when the map at {@code path} is atomic for server-side apply (owned and replaced as a unit). */
    public static boolean isAtomicMap(String apiVersion, String kind, List<String> path) {
        Set<String> s = ATOMIC_MAPS.get(apiVersion + "/" + kind);
        return s != null && s.contains(String.join(".", path));
    }
}
