package dev.meshstage.render;

import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.MeshParts;
import dev.meshstage.mesh.model.NamespaceFact;
import dev.meshstage.mesh.model.PodFact;
import dev.meshstage.mesh.model.ServiceFact;
import dev.meshstage.workflow.WorkshopState;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code status} for people and scripts, a pure function of the mesh model: per cluster, nodes, pods by namespace
 * (naming the ones not ready), services, the mesh in one line, and the step from the workshop's state.
 */
public final class StatusRenderer {

    private StatusRenderer() {
    }

    /** What one cluster shows, as the JSON carries it (field order is the output's). */
    private record View(String cluster, String context, boolean reachable, String problem, int nodesReady, int nodesTotal,
            List<NamespacePods> namespaces, List<ServiceLine> services, String mesh) {
    }

    private record NamespacePods(String namespace, int ready, int total, List<PodProblem> notReady) {
    }

    private record PodProblem(String pod, String reason) {
    }

    private record ServiceLine(String namespace, String name, String type, String clusterIp, String externalIp, String ports) {
    }

    public static String render(List<ClusterFacts> clusters, WorkshopState state) {
        StringBuilder sb = new StringBuilder();
        for (ClusterFacts facts : clusters) {
            View c = view(facts);
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
            for (NamespacePods ns : c.namespaces()) {
                pods.row(ns.namespace(), ns.ready() + "/" + ns.total(), ns.notReady().stream()
                        .map(p -> p.pod() + " (" + p.reason() + ")").collect(Collectors.joining(", ")));
            }
            sb.append(indent(pods.render()));
            if (!c.services().isEmpty()) {
                Table svc = new Table("SERVICE", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)");
                for (ServiceLine s : c.services()) {
                    svc.row(s.namespace() + "/" + s.name(), s.type(), s.clusterIp(), s.externalIp(), s.ports());
                }
                sb.append(indent(svc.render()));
            }
        }
        return sb.toString();
    }

    /** {@code status --json}: each cluster's status with the step it reached ({@code null}: nothing yet) and its next command. */
    public static String json(List<ClusterFacts> clusters, WorkshopState state) {
        var array = Json.array();
        for (ClusterFacts c : clusters) {
            ObjectNode node = Json.tree(view(c));
            WorkshopState.ClusterProgress p = state.cluster(c.name());
            node.put("step", p.reachedStep().map(s -> s.id()).orElse(null));
            node.put("next", p.nextStep().map(s -> state.command(s, c.name())).orElse(null));
            array.add(node);
        }
        return Json.render(array);
    }

    private static View view(ClusterFacts c) {
        if (!c.reachable()) {
            return new View(c.name(), c.context(), false, c.reach().problem(), 0, 0, List.of(), List.of(), null);
        }
        return new View(c.name(), c.context(), true, null, (int) c.nodesReady(), c.nodes().size(), byNamespace(c.pods()),
                c.services().stream().map(StatusRenderer::serviceLine).toList(), mesh(c));
    }

    /**
     * One line on the mesh: istiod, the network of istio-system, the remote secrets (the clusters whose endpoints
     * this one discovers). {@code mesh status} has the details. Null before Istio.
     */
    private static String mesh(ClusterFacts c) {
        MeshParts.IstiodFact istiod = c.mesh().istiod();
        if (istiod == null) {
            return null;
        }
        String network = c.namespace("istio-system").map(NamespaceFact::network).orElse(null);
        List<String> remotes = c.mesh().remoteSecrets().stream().map(s -> s.cluster() != null ? s.cluster() : s.name())
                .sorted().toList();
        return "istiod " + (istiod.ready() ? "ready" : "not ready") + ", network " + (network == null ? "<none>" : network)
                + ", remote clusters " + (remotes.isEmpty() ? "none" : String.join(", ", remotes));
    }

    /** Pods counted per namespace; finished ones (a Job's) are neither ready nor a problem. */
    private static List<NamespacePods> byNamespace(List<PodFact> pods) {
        Map<String, List<PodFact>> grouped = pods.stream().collect(Collectors.groupingBy(PodFact::namespace, TreeMap::new,
                Collectors.toList()));
        List<NamespacePods> out = new ArrayList<>();
        grouped.forEach((ns, list) -> {
            List<PodFact> counted = list.stream().filter(p -> !p.completed()).toList();
            List<PodProblem> problems = counted.stream().filter(p -> !p.ready())
                    .map(p -> new PodProblem(p.name(), p.notReadyReason())).toList();
            out.add(new NamespacePods(ns, counted.size() - problems.size(), counted.size(), problems));
        });
        return out;
    }

    private static ServiceLine serviceLine(ServiceFact s) {
        String external;
        if (s.loadBalancer()) {
            external = s.loadBalancerIps().isEmpty() ? "<pending>" : String.join(",", s.loadBalancerIps());
        } else {
            external = s.externalIps().isEmpty() ? "<none>" : String.join(",", s.externalIps());
        }
        String ports = s.ports().stream().map(p -> p.nodePort() != 0 ? p.port() + ":" + p.nodePort() + "/" + p.protocol()
                : p.port() + "/" + p.protocol()).collect(Collectors.joining(","));
        return new ServiceLine(s.namespace(), s.name(), s.type(), s.clusterIp() == null ? "" : s.clusterIp(), external, ports);
    }

    private static String indent(String block) {
        return block.lines().map(l -> "  " + l).collect(Collectors.joining("\n", "", "\n"));
    }
}
