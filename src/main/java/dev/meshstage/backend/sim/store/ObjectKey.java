package dev.meshstage.backend.sim.store;

/** Where one object lives in a store: its group/resource, namespace ("" when cluster-scoped) and name. */
public record ObjectKey(String groupResource, String namespace, String name) {
}
