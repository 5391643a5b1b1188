package dev.meshstage.render;

import dev.meshstage.mesh.ClusterStatus;
import dev.meshstage.workflow.WorkshopState;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.stream.Collectors;

/** {@code status} for people: per cluster, nodes, pods by namespace (naming the ones not ready), services, step. */
public final class StatusRenderer {

    private StatusRenderer() {
    }

    public static String render(List<ClusterStatus> clusters, WorkshopState state) {
        StringBuilder sb = new StringBuilder();
        for (ClusterStatus c : clusters) {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(c.cluster()).append(" (context ").append(c.context()).append(")\n");
            if (!c.reachable()) {
                sb.append("  ").append(c.problem()).append('\n');
                continue;
            }
            sb.append("  nodes   ").append(c.nodesReady()).append('/').append(c.nodesTotal()).append(" ready\n");
            sb.append("  step    ").append(WorkshopRenderer.stepLine(state, c.cluster())).append('\n');
            if (c.mesh() != null) {
                sb.append("  mesh    ").append(c.mesh()).append('\n');
            }
            Table pods = new Table("NAMESPACE", "READY", "NOT READY");
            for (ClusterStatus.NamespacePods ns : c.namespaces()) {
                pods.row(ns.namespace(), ns.ready() + "/" + ns.total(), ns.notReady().stream()
                        .map(p -> p.pod() + " (" + p.reason() + ")").collect(Collectors.joining(", ")));
            }
            sb.append(indent(pods.render()));
            if (!c.services().isEmpty()) {
                Table svc = new Table("SERVICE", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)");
                for (ClusterStatus.ServiceLine s : c.services()) {
                    svc.row(s.namespace() + "/" + s.name(), s.type(), s.clusterIp(), s.externalIp(), s.ports());
                }
                sb.append(indent(svc.render()));
            }
        }
        return sb.toString();
    }

    /** {@code status --json}: each cluster's status with the step it reached ({@code null}: nothing yet) and its next command. */
    public static String json(List<ClusterStatus> clusters, WorkshopState state) {
        var array = Json.array();
        for (ClusterStatus c : clusters) {
            ObjectNode node = Json.tree(c);
            WorkshopState.ClusterProgress p = state.cluster(c.cluster());
            node.put("step", p.reachedStep().map(s -> s.id()).orElse(null));
            node.put("next", p.nextStep().map(s -> state.command(s, c.cluster())).orElse(null));
            array.add(node);
        }
        return Json.render(array);
    }

    private static String indent(String block) {
        return block.lines().map(l -> "  " + l).collect(Collectors.joining("\n", "", "\n"));
    }
}
