package dev.meshstage.backend.sim.patch;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * kube-apiserver's rule for moving from client-side to server-side apply: when the only conflicts of an
 * apply are with {@code kubectl-client-side-apply}, on fields that the object's
 * {@code kubectl.kubernetes.io/last-applied-configuration} holds, the applier takes those fields over
 * instead of failing — so {@code kubectl apply --server-side} after {@code kubectl apply} just works.
 */
public final class LastAppliedTakeover {

    static final String CLIENT_SIDE_APPLY = "kubectl-client-side-apply";
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private LastAppliedTakeover() {
    }

    /** Whether {@code conflicts} may be resolved by taking the fields over (apply again with force). */
    public static boolean allowed(ObjectNode live, List<ApplyConflictException.Conflict> conflicts) {
        if (conflicts.isEmpty() || conflicts.stream().anyMatch(c -> !CLIENT_SIDE_APPLY.equals(c.manager()))) {
            return false;
        }
        JsonNode annotation = live.path("metadata").path("annotations").get(LAST_APPLIED);
        if (annotation == null || !annotation.isString()) {
            return false;
        }
        JsonNode lastApplied;
        try {
            lastApplied = Json.parse(annotation.asString());
        } catch (RuntimeException e) {
            return false; // an unreadable annotation gives no right to take anything over
        }
        if (!(lastApplied instanceof ObjectNode o)) {
            return false;
        }
        Set<String> held = FieldSet.of(o, live.path("apiVersion").asString(""), live.path("kind").asString(""))
                .stream().map(FieldSet::render).collect(Collectors.toSet());
        return conflicts.stream().allMatch(c -> held.contains(c.path()));
    }
}
