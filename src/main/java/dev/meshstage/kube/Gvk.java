package dev.meshstage.kube;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.Set;

/** Group, version and kind of an object, split from its {@code apiVersion} the way kustomize does. */
record Gvk(String group, String version, String kind) {

    /**
     * The kinds kustomize knows to be cluster-scoped (kyaml's precomputed table for its built-in
     * OpenAPI schema, v5.5), keyed "apiVersion kind". Everything else, custom resources included, is
     * treated as namespaced - as kustomize does, since it cannot know better without the CRD.
     */
    private static final Set<String> CLUSTER_SCOPED = Set.of(
            "admissionregistration.k8s.io/v1 MutatingWebhookConfiguration",
            "admissionregistration.k8s.io/v1 ValidatingWebhookConfiguration",
            "admissionregistration.k8s.io/v1beta1 MutatingWebhookConfiguration",
            "admissionregistration.k8s.io/v1beta1 ValidatingWebhookConfiguration",
            "apiextensions.k8s.io/v1 CustomResourceDefinition",
            "apiextensions.k8s.io/v1beta1 CustomResourceDefinition",
            "apiregistration.k8s.io/v1 APIService",
            "apiregistration.k8s.io/v1beta1 APIService",
            "certificates.k8s.io/v1 CertificateSigningRequest",
            "certificates.k8s.io/v1beta1 CertificateSigningRequest",
            "flowcontrol.apiserver.k8s.io/v1beta1 FlowSchema",
            "flowcontrol.apiserver.k8s.io/v1beta1 PriorityLevelConfiguration",
            "networking.k8s.io/v1 IngressClass",
            "networking.k8s.io/v1beta1 IngressClass",
            "node.k8s.io/v1 RuntimeClass",
            "node.k8s.io/v1beta1 RuntimeClass",
            "policy/v1beta1 PodSecurityPolicy",
            "rbac.authorization.k8s.io/v1 ClusterRole",
            "rbac.authorization.k8s.io/v1 ClusterRoleBinding",
            "rbac.authorization.k8s.io/v1beta1 ClusterRole",
            "rbac.authorization.k8s.io/v1beta1 ClusterRoleBinding",
            "scheduling.k8s.io/v1 PriorityClass",
            "scheduling.k8s.io/v1beta1 PriorityClass",
            "storage.k8s.io/v1 CSIDriver",
            "storage.k8s.io/v1 CSINode",
            "storage.k8s.io/v1 StorageClass",
            "storage.k8s.io/v1 VolumeAttachment",
            "storage.k8s.io/v1beta1 CSIDriver",
            "storage.k8s.io/v1beta1 CSINode",
            "storage.k8s.io/v1beta1 StorageClass",
            "storage.k8s.io/v1beta1 VolumeAttachment",
            "v1 ComponentStatus",
            "v1 Namespace",
            "v1 Node",
            "v1 NodeProxyOptions",
            "v1 PersistentVolume");

    static Gvk of(ObjectNode object) {
        String apiVersion = text(object.get("apiVersion"));
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        return new Gvk(group, version, text(object.get("kind")));
    }

    String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    boolean clusterScoped() {
        return CLUSTER_SCOPED.contains(apiVersion() + " " + kind);
    }

    static String text(JsonNode node) {
        return node != null && node.isString() ? node.stringValue() : "";
    }
}
