package dev.meshstage.mesh.model;

import java.time.Instant;

/** A warning event: what it is about, why, and when it was last seen. */
public record EventFact(String namespace, String objectKind, String objectName, String reason, String message, int count,
        Instant lastSeen) {
}
