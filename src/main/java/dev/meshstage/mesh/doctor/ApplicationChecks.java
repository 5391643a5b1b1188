package dev.meshstage.mesh.doctor;

import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.EndpointFact;
import dev.meshstage.mesh.model.PodFact;
import dev.meshstage.mesh.model.ServiceFact;
import dev.meshstage.mesh.model.VirtualServiceFact;
import dev.meshstage.mesh.model.WorkloadFact;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * application: Simple Buy deployed as the manifests say, every name a workload calls resolves in its cluster and
 * reaches a ready endpoint the mesh can route to; checked on the clusters and on the manifests themselves.
 */
final class ApplicationChecks {

    private ApplicationChecks() {
    }

    static final List<Check> CHECKS = List.of(
            new Check("app-deployed", Category.APPLICATION, "Simple Buy runs where the manifests place it",
                    ApplicationChecks::deployed),
            new Check("stub-services", Category.APPLICATION, "every name a workload calls has a Service in its cluster",
                    ApplicationChecks::stubs),
            new Check("headless-cross-network", Category.APPLICATION, "no call crosses networks to a headless Service",
                    ApplicationChecks::headless),
            new Check("endpoints", Category.APPLICATION, "every called Service has a ready endpoint the mesh can reach",
                    ApplicationChecks::endpoints),
            new Check("routes", Category.APPLICATION, "every ingress route leads to a Service", ApplicationChecks::routes),
            new Check("manifest-namespace", Category.APPLICATION, "each cluster's app manifests create its namespace, with injection",
                    ApplicationChecks::manifestNamespace),
            new Check("manifest-stubs", Category.APPLICATION, "app manifests hold a stub Service for every name served remotely",
                    ApplicationChecks::manifestStubs),
            new Check("manifest-headless", Category.APPLICATION, "app manifests make no Service called across networks headless",
                    ApplicationChecks::manifestHeadless));

    /** A workload the manifests place in a cluster that runs it now, with the names it calls. */
    private record Caller(ClusterFacts cluster, WorkshopExpectations.ManifestWorkload workload) {
    }

    private static List<Caller> callers(DoctorInput in) {
        List<Caller> out = new ArrayList<>();
        String ns = in.workshop().appNamespace();
        for (ClusterFacts c : in.reachable()) {
            in.plan(c.name()).ifPresent(p -> p.workloads().stream().filter(w -> c.workload(ns, w.name()).isPresent())
                    .forEach(w -> out.add(new Caller(c, w))));
        }
        return out;
    }

    /** The answering clusters where pods behind {@code service} run (its endpoints name pods, or its workload wants some). */
    private static List<ClusterFacts> runsIn(DoctorInput in, String service) {
        String ns = in.workshop().appNamespace();
        return in.reachable().stream().filter(c -> c.endpointsOf(ns, service).stream().anyMatch(e -> e.pod() != null)
                || c.workload(ns, service).filter(w -> w.desired() > 0).isPresent()).toList();
    }

    static List<Finding> deployed(DoctorInput in) {
        List<Finding> out = new ArrayList<>();
        String ns = in.workshop().appNamespace();
        for (ClusterFacts c : in.reachable()) {
            var plan = in.plan(c.name());
            if (plan.isEmpty() || plan.get().appDir() == null) {
                continue;
            }
            List<String> missing = plan.get().workloads().stream().map(WorkshopExpectations.ManifestWorkload::name)
                    .filter(w -> c.workload(ns, w).isEmpty()).toList();
            out.add(missing.isEmpty() ? Finding.ok(c.name())
                    : Finding.warn(c.name(), "not deployed: " + String.join(", ", missing), Rules.appDeploy(in, c.name())));
        }
        return out.isEmpty() ? List.of(Finding.skipped(null, in.reachable().isEmpty() ? "no cluster answers"
                : "the workshop has no app manifests")) : out;
    }

    static List<Finding> stubs(DoctorInput in) {
        List<Finding> out = new ArrayList<>();
        String ns = in.workshop().appNamespace();
        for (Caller caller : callers(in)) {
            ClusterFacts c = caller.cluster();
            for (String name : caller.workload().calls()) {
                if (c.service(ns, name).isPresent()) {
                    continue;
                }
                List<String> elsewhere = runsIn(in, name).stream().map(ClusterFacts::name).filter(n -> !n.equals(c.name())).toList();
                if (elsewhere.isEmpty()) {
                    continue;
                }
                var plan = in.plan(c.name()).orElseThrow();
                String hint = plan.service(name).isPresent() ? Rules.appDeploy(in, c.name())
                        : "add a stub Service " + name + " (the ports and selector of " + elsewhere.get(0) + "'s) to "
                                + plan.appDir() + "/ and its kustomization.yaml, then " + Rules.appDeploy(in, c.name());
                out.add(Finding.fail(c.name(), caller.workload().name() + " calls " + name + ", which has no Service here: "
                        + name + "." + ns + " does not resolve (its pods run in " + String.join(", ", elsewhere) + ")", hint));
            }
        }
        return okWhenEmpty(in, out);
    }

    static List<Finding> headless(DoctorInput in) {
        List<Finding> out = new ArrayList<>();
        String ns = in.workshop().appNamespace();
        for (Caller caller : callers(in)) {
            ClusterFacts c = caller.cluster();
            for (String name : caller.workload().calls()) {
                if (c.endpointsOf(ns, name).stream().anyMatch(e -> e.pod() != null)) {
                    continue;
                }
                for (ClusterFacts there : runsIn(in, name)) {
                    if (Objects.equals(there.network(), c.network())) {
                        continue;
                    }
                    Optional<ServiceFact> local = c.service(ns, name).filter(ServiceFact::headless);
                    Optional<ServiceFact> remote = there.service(ns, name).filter(ServiceFact::headless);
                    if (local.isPresent() || remote.isPresent()) {
                        ClusterFacts owner = remote.isPresent() ? there : c;
                        out.add(Finding.fail(c.name(), caller.workload().name() + " calls " + name + " across networks, and "
                                + name + " is headless in " + owner.name() + " (clusterIP: None): sidecars send headless calls"
                                + " to pod IPs, never through the east-west gateway (istio/istio#38327)",
                                "make " + name + " a ClusterIP Service (drop clusterIP: None in the manifests), then kubectl delete"
                                        + " service " + name + " -n " + ns + " " + DoctorInput.ctx(owner) + "; "
                                        + Rules.appDeploy(in, owner.name())));
                    }
                }
            }
        }
        return okWhenEmpty(in, out);
    }

    static List<Finding> endpoints(DoctorInput in) {
        List<Finding> out = new ArrayList<>();
        String ns = in.workshop().appNamespace();
        for (Caller caller : callers(in)) {
            ClusterFacts c = caller.cluster();
            for (String name : caller.workload().calls()) {
                if (c.service(ns, name).isEmpty() || reachableEndpoints(in, c, name) > 0) {
                    continue;
                }
                if (in.reachable().size() < in.clusters().size()) {
                    // its endpoints may be in the cluster that does not answer: the contexts check says so
                    out.add(Finding.skipped(c.name(), "not every cluster answers"));
                    continue;
                }
                out.add(Finding.fail(c.name(), caller.workload().name() + " calls " + name + ", which has no ready endpoint"
                        + " it can reach in any cluster (no healthy upstream)", endpointHint(in, name)));
            }
        }
        return okWhenEmpty(in, out);
    }

    /** Ready endpoints of the Service the caller's sidecar may use: its own network's, and other networks' with a sidecar. */
    private static long reachableEndpoints(DoctorInput in, ClusterFacts caller, String service) {
        String ns = in.workshop().appNamespace();
        long count = 0;
        for (ClusterFacts c : in.reachable()) {
            boolean sameNetwork = Objects.equals(c.network(), caller.network());
            for (EndpointFact e : c.endpointsOf(ns, service)) {
                boolean meshed = e.pod() != null && c.pod(ns, e.pod()).map(PodFact::sidecar).orElse(false);
                if (e.ready() && (sameNetwork || meshed)) {
                    count++;
                }
            }
        }
        return count;
    }

    private static String endpointHint(DoctorInput in, String service) {
        String ns = in.workshop().appNamespace();
        for (ClusterFacts c : in.reachable()) {
            Optional<WorkloadFact> w = c.workload(ns, service);
            if (w.isPresent() && w.get().desired() == 0) {
                return "kubectl scale " + Rules.kubeRef(w.get()) + " -n " + ns + " --replicas=1 " + DoctorInput.ctx(c);
            }
        }
        for (var plan : in.workshop().clusters()) {
            if (plan.runs(service) && in.model().cluster(plan.name()).flatMap(c -> c.workload(ns, service)).isEmpty()) {
                return Rules.appDeploy(in, plan.name());
            }
        }
        return "app status (why are its pods not ready, or without a sidecar?)";
    }

    static List<Finding> routes(DoctorInput in) {
        return Rules.eachClusterMany(in, c -> {
            List<Finding> out = new ArrayList<>();
            for (VirtualServiceFact vs : c.virtualServices()) {
                for (VirtualServiceFact.HttpRoute r : vs.http()) {
                    if (r.destinationHost() == null) {
                        continue;
                    }
                    String[] labels = r.destinationHost().split("\\.");
                    String ns = labels.length > 1 ? labels[1] : vs.namespace();
                    if (c.service(ns, labels[0]).isEmpty()) {
                        out.add(Finding.fail(c.name(), "VirtualService " + vs.name() + " routes " + String.join(" ", r.matches())
                                + " to " + r.destinationHost() + ", which has no Service here: the ingress answers 503",
                                Rules.appDeploy(in, c.name())));
                    }
                }
            }
            return out;
        });
    }

    static List<Finding> manifestNamespace(DoctorInput in) {
        List<Finding> out = new ArrayList<>();
        String ns = in.workshop().appNamespace();
        for (var plan : in.workshop().clusters()) {
            if (plan.appDir() == null) {
                continue;
            }
            boolean exists = in.model().cluster(plan.name()).flatMap(c -> c.namespace(ns)).isPresent();
            String fix = "add a Namespace " + ns + " with label istio-injection: enabled to " + plan.appDir()
                    + "/ and list it first in its kustomization.yaml resources";
            if (plan.namespace() == null) {
                out.add(exists
                        ? Finding.warn(plan.name(), plan.appDir() + "/ creates no Namespace " + ns + " (it exists here only"
                                + " because it was made by hand)", fix)
                        : Finding.fail(plan.name(), plan.appDir() + "/ creates no Namespace " + ns + ": " + Rules.appDeploy(in, plan.name())
                                + " fails with namespaces \"" + ns + "\" not found", fix));
            } else if (!plan.namespace().injection()) {
                out.add(Finding.fail(plan.name(), plan.appDir() + "/ creates Namespace " + ns + " without istio-injection:"
                        + " enabled: its pods would get no sidecar", "add the label istio-injection: enabled to the Namespace in "
                        + plan.appDir() + "/"));
            } else {
                out.add(Finding.ok(plan.name()));
            }
        }
        return out.isEmpty() ? List.of(Finding.skipped(null, "the workshop has no app manifests")) : out;
    }

    static List<Finding> manifestStubs(DoctorInput in) {
        List<Finding> out = new ArrayList<>();
        for (var plan : in.workshop().clusters()) {
            for (var w : plan.workloads()) {
                for (String name : w.calls()) {
                    if (plan.service(name).isPresent() || plan.runs(name)) {
                        continue;
                    }
                    String home = in.workshop().clusters().stream().filter(p -> p.runs(name)).map(p -> p.appDir())
                            .findFirst().orElse("the other manifests");
                    out.add(Finding.fail(plan.name(), plan.appDir() + "/ has no Service " + name + ", which " + w.name()
                            + " calls: " + name + "." + in.workshop().appNamespace() + " will not resolve in " + plan.name()
                            + " (its pods run from " + home + "/)", "add a stub Service " + name + " (the ports and selector of "
                            + home + "/'s) to " + plan.appDir() + "/ and its kustomization.yaml"));
                }
            }
        }
        return out.isEmpty() ? List.of(Finding.ok(null)) : out;
    }

    static List<Finding> manifestHeadless(DoctorInput in) {
        List<Finding> out = new ArrayList<>();
        for (var plan : in.workshop().clusters()) {
            for (var w : plan.workloads()) {
                for (String name : w.calls()) {
                    if (plan.runs(name)) {
                        continue;
                    }
                    for (var there : in.workshop().clusters()) {
                        if (there == plan || !there.runs(name) || Objects.equals(there.network(), plan.network())) {
                            continue;
                        }
                        var owner = there.service(name).filter(WorkshopExpectations.ManifestService::headless).isPresent() ? there
                                : plan.service(name).filter(WorkshopExpectations.ManifestService::headless).isPresent() ? plan : null;
                        if (owner != null) {
                            out.add(Finding.fail(plan.name(), name + " is headless in " + owner.appDir() + "/ (clusterIP: None),"
                                    + " and " + w.name() + " in " + plan.name() + " calls it across networks: the east-west"
                                    + " gateway cannot carry it (istio/istio#38327)",
                                    "drop clusterIP: None from the " + name + " Service in " + owner.appDir() + "/"));
                        }
                    }
                }
            }
        }
        return out.isEmpty() ? List.of(Finding.ok(null)) : out;
    }

    private static List<Finding> okWhenEmpty(DoctorInput in, List<Finding> out) {
        if (!out.isEmpty()) {
            return out;
        }
        return callers(in).isEmpty() ? List.of(Finding.skipped(null, "the app is not deployed")) : List.of(Finding.ok(null));
    }
}
