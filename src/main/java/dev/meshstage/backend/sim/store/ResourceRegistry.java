package dev.meshstage.backend.sim.store;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The kinds one simulated cluster serves: the built-in ones of a kind v1.34 cluster that the workshop and
 * its tools touch, plus whatever CRDs add while the cluster runs (Istio's and MetalLB's kinds appear in
 * discovery exactly when their CRDs are created, as on a real cluster).
 */
public final class ResourceRegistry {

    private static final List<String> ALL_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    private final List<ResourceType> builtins;
    private final Map<String, List<ResourceType>> crdTypes = new LinkedHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    /** What is served now, indexed: the lookups run on every request and reconcile, the set changes with CRDs only. */
    private volatile Served served;

    /** Every served type in order, and the first of each apiVersion/kind, group/version/plural and group/resource. */
    private record Served(List<ResourceType> all, Map<String, ResourceType> byKind, Map<String, ResourceType> byPath,
            Map<String, ResourceType> byGroupResource) {

        static Served of(List<ResourceType> all) {
            Map<String, ResourceType> kinds = new HashMap<>();
            Map<String, ResourceType> paths = new HashMap<>();
            Map<String, ResourceType> groupResources = new HashMap<>();
            for (ResourceType t : all) {
                kinds.putIfAbsent(t.apiVersion() + " " + t.kind(), t);
                paths.putIfAbsent(t.group() + "/" + t.version() + "/" + t.plural(), t);
                groupResources.putIfAbsent(t.groupResource(), t);
            }
            return new Served(List.copyOf(all), Map.copyOf(kinds), Map.copyOf(paths), Map.copyOf(groupResources));
        }
    }

    public ResourceRegistry() {
        this.builtins = List.copyOf(builtinTypes());
        this.served = Served.of(builtins);
    }

    private static List<ResourceType> builtinTypes() {
        List<ResourceType> t = new ArrayList<>();
        // core/v1
        t.add(type("", "v1", "Namespace", "namespaces", false, List.of("ns"), List.of(), true, false));
        t.add(type("", "v1", "Node", "nodes", false, List.of("no"), List.of(), true, false));
        t.add(type("", "v1", "Pod", "pods", true, List.of("po"), List.of("all"), true, false));
        t.add(type("", "v1", "Service", "services", true, List.of("svc"), List.of("all"), true, false));
        t.add(type("", "v1", "Endpoints", "endpoints", true, List.of("ep"), List.of(), false, false));
        t.add(type("", "v1", "ConfigMap", "configmaps", true, List.of("cm"), List.of(), false, false));
        t.add(type("", "v1", "Secret", "secrets", true, List.of(), List.of(), false, false));
        t.add(type("", "v1", "ServiceAccount", "serviceaccounts", true, List.of("sa"), List.of(), false, false));
        t.add(type("", "v1", "Event", "events", true, List.of("ev"), List.of(), false, false));
        t.add(type("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, List.of("pvc"), List.of(), true, false));
        t.add(type("", "v1", "PersistentVolume", "persistentvolumes", false, List.of("pv"), List.of(), true, false));
        t.add(type("", "v1", "ReplicationController", "replicationcontrollers", true, List.of("rc"), List.of("all"), true, true));
        t.add(type("", "v1", "ResourceQuota", "resourcequotas", true, List.of("quota"), List.of(), true, false));
        t.add(type("", "v1", "LimitRange", "limitranges", true, List.of("limits"), List.of(), false, false));
        t.add(type("", "v1", "PodTemplate", "podtemplates", true, List.of(), List.of(), false, false));
        // apps/v1
        t.add(type("apps", "v1", "Deployment", "deployments", true, List.of("deploy"), List.of("all"), true, true));
        t.add(type("apps", "v1", "ReplicaSet", "replicasets", true, List.of("rs"), List.of("all"), true, true));
        t.add(type("apps", "v1", "StatefulSet", "statefulsets", true, List.of("sts"), List.of("all"), true, true));
        t.add(type("apps", "v1", "DaemonSet", "daemonsets", true, List.of("ds"), List.of("all"), true, false));
        t.add(type("apps", "v1", "ControllerRevision", "controllerrevisions", true, List.of(), List.of(), false, false));
        // batch/v1
        t.add(type("batch", "v1", "Job", "jobs", true, List.of(), List.of("all"), true, false));
        t.add(type("batch", "v1", "CronJob", "cronjobs", true, List.of("cj"), List.of("all"), true, false));
        // discovery, networking, policy, autoscaling, coordination, storage
        t.add(type("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true, List.of(), List.of(), false, false));
        t.add(type("events.k8s.io", "v1", "Event", "events", true, List.of("ev"), List.of(), false, false));
        t.add(type("networking.k8s.io", "v1", "Ingress", "ingresses", true, List.of("ing"), List.of(), true, false));
        t.add(type("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false, List.of(), List.of(), false, false));
        t.add(type("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, List.of("netpol"), List.of(), false, false));
        t.add(type("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, List.of("pdb"), List.of(), true, false));
        t.add(type("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, List.of("hpa"), List.of("all"), true, false));
        t.add(type("autoscaling", "v1", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, List.of("hpa"), List.of("all"), true, false));
        t.add(type("coordination.k8s.io", "v1", "Lease", "leases", true, List.of(), List.of(), false, false));
        t.add(type("storage.k8s.io", "v1", "StorageClass", "storageclasses", false, List.of("sc"), List.of(), false, false));
        // rbac, admission, apiextensions, scheduling
        t.add(type("rbac.authorization.k8s.io", "v1", "Role", "roles", true, List.of(), List.of(), false, false));
        t.add(type("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true, List.of(), List.of(), false, false));
        t.add(type("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false, List.of(), List.of(), false, false));
        t.add(type("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false, List.of(), List.of(), false, false));
        t.add(type("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", false, List.of(), List.of(), false, false));
        t.add(type("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", false, List.of(), List.of(), false, false));
        t.add(type("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, List.of("crd", "crds"), List.of(), true, false));
        t.add(type("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", false, List.of("pc"), List.of(), false, false));
        // the groups kind's API server also serves
        t.add(type("certificates.k8s.io", "v1", "CertificateSigningRequest", "certificatesigningrequests", false, List.of("csr"), List.of(), true, false));
        t.add(type("apiregistration.k8s.io", "v1", "APIService", "apiservices", false, List.of(), List.of("api-extensions"), true, false));
        t.add(type("flowcontrol.apiserver.k8s.io", "v1", "FlowSchema", "flowschemas", false, List.of(), List.of(), true, false));
        t.add(type("flowcontrol.apiserver.k8s.io", "v1", "PriorityLevelConfiguration", "prioritylevelconfigurations", false, List.of(), List.of(), true, false));
        t.add(type("node.k8s.io", "v1", "RuntimeClass", "runtimeclasses", false, List.of(), List.of(), false, false));
        t.add(type("storage.k8s.io", "v1", "CSIDriver", "csidrivers", false, List.of(), List.of(), false, false));
        t.add(type("storage.k8s.io", "v1", "CSINode", "csinodes", false, List.of(), List.of(), false, false));
        t.add(type("storage.k8s.io", "v1", "VolumeAttachment", "volumeattachments", false, List.of(), List.of(), true, false));
        // reviews: answered, never stored
        t.add(review("authentication.k8s.io", "SelfSubjectReview", "selfsubjectreviews", false));
        t.add(review("authentication.k8s.io", "TokenReview", "tokenreviews", false));
        // kubectl before 1.28 asks v1beta1 for whoami
        t.add(new ResourceType("authentication.k8s.io", "v1beta1", "SelfSubjectReview", "selfsubjectreviews", "selfsubjectreview",
                false, List.of(), List.of(), false, false, List.of("create")));
        t.add(review("authorization.k8s.io", "SelfSubjectAccessReview", "selfsubjectaccessreviews", false));
        t.add(review("authorization.k8s.io", "SelfSubjectRulesReview", "selfsubjectrulesreviews", false));
        t.add(review("authorization.k8s.io", "SubjectAccessReview", "subjectaccessreviews", false));
        t.add(review("authorization.k8s.io", "LocalSubjectAccessReview", "localsubjectaccessreviews", true));
        return t;
    }

    private static ResourceType type(String group, String version, String kind, String plural, boolean namespaced,
            List<String> shortNames, List<String> categories, boolean status, boolean scale) {
        return new ResourceType(group, version, kind, plural, kind.toLowerCase(), namespaced, shortNames, categories,
                status, scale, ALL_VERBS);
    }

    private static ResourceType review(String group, String kind, String plural, boolean namespaced) {
        return new ResourceType(group, "v1", kind, plural, kind.toLowerCase(), namespaced, List.of(), List.of(), false, false,
                List.of("create"));
    }

    /** Whether objects of a type are answers computed on create (access reviews), not stored objects. */
    public static boolean isReview(ResourceType type) {
        return type.verbs().equals(List.of("create")) && type.kind().endsWith("Review");
    }

    /** Every type currently served, built-ins first, then CRD kinds in the order their CRDs were created. */
    public List<ResourceType> all() {
        return served.all();
    }

    /** Called with the lock held after the CRD kinds change. */
    private void reindex() {
        List<ResourceType> out = new ArrayList<>(builtins);
        crdTypes.values().forEach(out::addAll);
        served = Served.of(out);
    }

    /** Whether a type is one of the cluster's own kinds (not served for a CRD). */
    public boolean builtin(ResourceType type) {
        return builtins.stream().anyMatch(t -> t.groupResource().equals(type.groupResource()));
    }

    public Optional<ResourceType> byPath(String group, String version, String plural) {
        return Optional.ofNullable(served.byPath().get(group + "/" + version + "/" + plural));
    }

    public Optional<ResourceType> byKind(String apiVersion, String kind) {
        return Optional.ofNullable(served.byKind().get(apiVersion + " " + kind));
    }

    /** The storage (preferred) type of a group/resource, e.g. {@code pods} or {@code gateways.networking.istio.io}. */
    public Optional<ResourceType> byGroupResource(String groupResource) {
        return Optional.ofNullable(served.byGroupResource().get(groupResource));
    }

    public ResourceType require(String apiVersion, String kind) {
        return byKind(apiVersion, kind).orElseThrow(() -> new StoreException(404, "NotFound",
                "the server could not find the requested resource (kind " + kind + " in " + apiVersion + ")"));
    }

    /** Adds (or refreshes) the kinds one CRD serves. */
    public void registerCrd(JsonNode crd) {
        JsonNode spec = crd.path("spec");
        String group = spec.path("group").asString();
        JsonNode names = spec.path("names");
        List<String> shortNames = new ArrayList<>();
        names.path("shortNames").forEach(n -> shortNames.add(n.asString()));
        List<String> categories = new ArrayList<>();
        names.path("categories").forEach(n -> categories.add(n.asString()));
        boolean namespaced = !"Cluster".equals(spec.path("scope").asString());
        List<ResourceType> types = new ArrayList<>();
        // the storage version first, so byGroupResource finds it
        List<JsonNode> versions = new ArrayList<>();
        spec.path("versions").forEach(versions::add);
        versions.sort((a, b) -> Boolean.compare(b.path("storage").asBoolean(), a.path("storage").asBoolean()));
        for (JsonNode v : versions) {
            if (!v.path("served").asBoolean(true)) {
                continue;
            }
            JsonNode sub = v.path("subresources");
            types.add(new ResourceType(group, v.path("name").asString(), names.path("kind").asString(),
                    names.path("plural").asString(), names.path("singular").asString(names.path("kind").asString().toLowerCase()),
                    namespaced, List.copyOf(shortNames), List.copyOf(categories), sub.has("status"), sub.has("scale"), ALL_VERBS));
        }
        synchronized (this) {
            crdTypes.put(Objects.name(crd), List.copyOf(types));
            reindex();
        }
        listeners.forEach(Runnable::run);
    }

    public void unregisterCrd(String crdName) {
        synchronized (this) {
            crdTypes.remove(crdName);
            reindex();
        }
        listeners.forEach(Runnable::run);
    }

    /** Called after the set of served kinds changes (discovery and OpenAPI caches listen). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }
}
