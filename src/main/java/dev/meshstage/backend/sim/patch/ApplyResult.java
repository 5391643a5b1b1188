package dev.meshstage.backend.sim.patch;

import tools.jackson.databind.node.ObjectNode;

/** Result of {@link ServerSideApply#apply}: the object to store and whether it is new. */
public record ApplyResult(ObjectNode merged, boolean created) {
}
