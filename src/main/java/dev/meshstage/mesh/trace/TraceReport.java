package dev.meshstage.mesh.trace;

import dev.meshstage.mesh.route.RoutePlan;

/**
 * A trace: who called what, the path the routing rule computes, and what a real request along it got, where the
 * backend could send one.
 *
 * @param request null when the backend cannot send a request
 */
public record TraceReport(Endpoints.Caller caller, Endpoints.Callee callee, RoutePlan plan, Request request) {

    /** What a real request along the path got. {@code servedBy} is {@code cluster/pod}, null when nobody answered. */
    public record Request(int status, String flags, String body, String servedBy, String via) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    /** The computed path and the real request agree (both through, or both failed). */
    public boolean agrees() {
        return request == null || request.ok() == plan.ok();
    }
}
