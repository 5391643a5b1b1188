package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;

/**
 * What a kubelet keeps doing while its node is up: renews its Lease in {@code kube-node-lease} every 10 s (of a
 * 40 s lease) and reports its node's conditions ({@code lastHeartbeatTime}) every 5 minutes, as a real kubelet
 * does while they stay the same ({@code nodeStatusReportFrequency}: the Lease is what says the node is alive; the
 * sim's conditions change only through the node controller, which writes them itself). Every node status write
 * wakes each client watching nodes, so a faster beat only costs. Only on the live clock: on instant time
 * (transcripts, tests) nothing happens between commands.
 */
final class NodeHeartbeats implements SimController {

    static final Duration LEASE_RENEWAL = Duration.ofSeconds(10);
    static final Duration STATUS_REPORT = Duration.ofMinutes(5);

    @Override
    public String name() {
        return "kubelet-heartbeat";
    }

    @Override
    public String fieldManager() {
        return "kubelet";
    }

    @Override
    public void start(ControllerContext ctx) {
        ctx.everyLive("kubelet/leases", LEASE_RENEWAL, () -> renewLeases(ctx));
        ctx.everyLive("kubelet/node-status", STATUS_REPORT, () -> reportStatus(ctx));
    }

    static void renewLeases(ControllerContext ctx) {
        ResourceType leases = ctx.type("coordination.k8s.io/v1", "Lease");
        for (ObjectNode lease : ctx.store().list(leases, "kube-node-lease")) {
            ObjectNode copy = lease.deepCopy();
            ((ObjectNode) copy.withObject("/spec")).put("renewTime", Json.micro(ctx.now()));
            ctx.store().update(leases, "kube-node-lease", copy.at("/metadata/name").asString(), copy);
        }
    }

    static void reportStatus(ControllerContext ctx) {
        ResourceType nodes = ctx.type("v1", "Node");
        for (ObjectNode node : ctx.store().list(nodes, "")) {
            ObjectNode copy = node.deepCopy();
            for (JsonNode c : copy.at("/status/conditions")) {
                ((ObjectNode) c).put("lastHeartbeatTime", Json.ts(ctx.now()));
            }
            ctx.store().updateStatus(nodes, "", copy.at("/metadata/name").asString(), copy);
        }
    }
}
