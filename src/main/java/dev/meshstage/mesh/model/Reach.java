package dev.meshstage.mesh.model;

import java.time.Instant;

/**
 * Whether a cluster's API answered the read, and if not, why (in a user's words) and since when.
 *
 * @param since when the read started failing; null while it answers
 */
public record Reach(boolean ok, String problem, Instant since) {

    public static final Reach OK = new Reach(true, null, null);

    public static Reach failed(String problem, Instant since) {
        return new Reach(false, problem, since);
    }
}
