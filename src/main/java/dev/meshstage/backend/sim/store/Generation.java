package dev.meshstage.backend.sim.store;

import java.util.Set;

/**
 * Which kinds carry {@code metadata.generation}: those whose registry strategy sets it (workloads, pods since 1.34,
 * policies, webhooks, CRDs) and every custom resource. ConfigMaps, Secrets, Services, Namespaces… have none.
 */
final class Generation {

    private static final Set<String> BUILT_IN = Set.of("pods", "replicationcontrollers", "deployments.apps", "replicasets.apps",
            "statefulsets.apps", "daemonsets.apps", "jobs.batch", "cronjobs.batch", "poddisruptionbudgets.policy",
            "ingresses.networking.k8s.io", "networkpolicies.networking.k8s.io", "customresourcedefinitions.apiextensions.k8s.io",
            "mutatingwebhookconfigurations.admissionregistration.k8s.io", "validatingwebhookconfigurations.admissionregistration.k8s.io");

    private Generation() {
    }

    static boolean tracked(ResourceRegistry registry, ResourceType type) {
        return !registry.builtin(type) || BUILT_IN.contains(type.groupResource());
    }
}
