package dev.meshstage.mesh.trace;

import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.model.PodFact;
import dev.meshstage.mesh.model.ServiceFact;
import dev.meshstage.mesh.model.WorkloadFact;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Which pod a trace starts from and which Service it goes to, from the names a user types ({@code cart},
 * {@code product.simple-buy}), and what exists when a name does not.
 */
public final class Endpoints {

    /** The calling side: a workload in a cluster, and the pod the request leaves from (its first ready pod). */
    public record Caller(String cluster, String namespace, String workload, PodFact pod) {
    }

    /** The called side: a Service by namespace and name. */
    public record Callee(String namespace, String service) {
    }

    private Endpoints() {
    }

    /**
     * @param preferred the cluster to look in first (or only, when {@code only})
     * @throws IllegalArgumentException one line naming what exists
     */
    public static Caller caller(MeshModel model, String given, String preferred, boolean only) {
        String name = given.contains(".") ? given.substring(0, given.indexOf('.')) : given;
        String ns = given.contains(".") ? given.substring(given.indexOf('.') + 1) : null;
        List<ClusterFacts> order = new ArrayList<>();
        model.cluster(preferred).ifPresent(order::add);
        if (!only) {
            model.clusters().stream().filter(c -> !c.name().equals(preferred)).forEach(order::add);
        }
        for (ClusterFacts c : order) {
            Optional<WorkloadFact> w = c.workloads().stream()
                    .filter(x -> x.name().equals(name) && (ns == null || x.namespace().equals(ns)))
                    .min(Comparator.comparing((WorkloadFact x) -> !x.namespace().equals("simple-buy")).thenComparing(WorkloadFact::namespace));
            if (w.isPresent()) {
                PodFact pod = c.podsIn(w.get().namespace()).stream().filter(p -> p.matches(w.get().selector()))
                        .sorted(Comparator.comparing((PodFact p) -> !p.ready()).thenComparing(PodFact::name)).findFirst().orElse(null);
                return new Caller(c.name(), w.get().namespace(), name, pod);
            }
        }
        throw new IllegalArgumentException("no workload '" + given + "' in " + where(order) + ": workloads are "
                + String.join(", ", names(order, true)));
    }

    public static Callee callee(MeshModel model, String given, String callerNamespace) {
        String name = given.contains(".") ? given.substring(0, given.indexOf('.')) : given;
        String ns = given.contains(".") ? given.substring(given.indexOf('.') + 1).replaceFirst("\\.svc.*$", "") : null;
        for (ClusterFacts c : model.clusters()) {
            Optional<ServiceFact> s = c.services().stream().filter(x -> x.name().equals(name)
                    && (ns == null ? x.namespace().equals(callerNamespace) : x.namespace().equals(ns))).findFirst();
            if (s.isPresent()) {
                return new Callee(s.get().namespace(), name);
            }
        }
        for (ClusterFacts c : model.clusters()) {
            Optional<ServiceFact> s = c.services().stream().filter(x -> x.name().equals(name)).findFirst();
            if (ns == null && s.isPresent()) {
                return new Callee(s.get().namespace(), name);
            }
        }
        throw new IllegalArgumentException("no service '" + given + "' in any cluster: services are "
                + String.join(", ", names(model.clusters(), false)));
    }

    /** Workload or service names of the app namespaces (anything with an injection label, else all but system ones). */
    public static List<String> names(List<ClusterFacts> clusters, boolean workloads) {
        TreeSet<String> out = new TreeSet<>();
        for (ClusterFacts c : clusters) {
            if (workloads) {
                c.workloads().stream().filter(w -> !system(w.namespace())).forEach(w -> out.add(w.name()));
            } else {
                c.services().stream().filter(s -> !system(s.namespace())).forEach(s -> out.add(s.name()));
            }
        }
        return List.copyOf(out);
    }

    private static boolean system(String ns) {
        return ns.startsWith("kube-") || ns.equals("istio-system") || ns.equals("metallb-system") || ns.equals("local-path-storage");
    }

    private static String where(List<ClusterFacts> order) {
        return order.size() == 1 ? order.get(0).name() : "any cluster";
    }
}
