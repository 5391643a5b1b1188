package dev.meshstage.backend.sim.store;

import java.util.List;
import java.util.Map;

/**
 * The field labels each kind's field selectors may name (the API server's {@code GetAttrs}/field label conversion
 * per kind: {@code metadata.name} and {@code metadata.namespace} everywhere, {@code status.phase} on pods…); any
 * other answers 400 as a real server does.
 */
public final class FieldLabels {

    private static final List<String> COMMON = List.of("metadata.name", "metadata.namespace");
    private static final Map<String, List<String>> BY_RESOURCE = Map.ofEntries(
            Map.entry("pods", List.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                    "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName")),
            Map.entry("events", List.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                    "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
                    "reportingComponent", "source", "type")),
            Map.entry("events.events.k8s.io", List.of("regarding.kind", "regarding.namespace", "regarding.name", "regarding.uid",
                    "regarding.apiVersion", "regarding.resourceVersion", "regarding.fieldPath", "reason", "reportingController", "type")),
            Map.entry("secrets", List.of("type")),
            Map.entry("namespaces", List.of("status.phase")),
            Map.entry("nodes", List.of("spec.unschedulable")),
            Map.entry("services", List.of("spec.clusterIP", "spec.type")),
            Map.entry("replicationcontrollers", List.of("status.replicas")),
            Map.entry("replicasets.apps", List.of("status.replicas")),
            Map.entry("jobs.batch", List.of("status.successful")),
            Map.entry("certificatesigningrequests.certificates.k8s.io", List.of("spec.signerName")));

    private FieldLabels() {
    }

    /** Refuses a selector that names a field the kind does not support, with the real server's message. */
    public static void check(ResourceType type, String fieldText) {
        FieldSelector selector = FieldSelector.parse(fieldText);
        List<String> extra = BY_RESOURCE.getOrDefault(type.groupResource(), List.of());
        for (FieldSelector.Term t : selector.terms()) {
            if (!COMMON.contains(t.path()) && !extra.contains(t.path())) {
                // kubectl adds 'Unable to find "<gvr>" that match label selector …' in front
                throw StoreException.badRequest("field label not supported: " + t.path());
            }
        }
    }
}
