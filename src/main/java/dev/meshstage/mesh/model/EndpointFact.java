package dev.meshstage.mesh.model;

/**
 * One address of a Service's EndpointSlices: which pod it is (when the slice says), on which node, whether ready.
 *
 * @param pod the target pod's name, null for endpoints that are not pods
 */
public record EndpointFact(String namespace, String service, String address, boolean ready, String pod, String node) {
}
