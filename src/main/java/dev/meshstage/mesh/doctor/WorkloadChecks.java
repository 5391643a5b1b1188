package dev.meshstage.mesh.doctor;

import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.NamespaceFact;
import dev.meshstage.mesh.model.PodFact;
import dev.meshstage.mesh.model.PodHealth;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** workloads: the app's pods get sidecars on their network; no pod fails to pull or to become ready. */
final class WorkloadChecks {

    static final Set<String> PULL_FAILURES = Set.of("ImagePullBackOff", "ErrImagePull", "ErrImageNeverPull", "InvalidImageName");

    private WorkloadChecks() {
    }

    static final List<Check> CHECKS = List.of(
            new Check("injection", Category.WORKLOADS, "app namespaces ask for sidecar injection", WorkloadChecks::injection),
            new Check("sidecars", Category.WORKLOADS, "every app pod has a sidecar", WorkloadChecks::sidecars),
            new Check("pod-networks", Category.WORKLOADS, "app pods carry their cluster's network label",
                    WorkloadChecks::networks),
            new Check("image-pulls", Category.WORKLOADS, "every image could be pulled", WorkloadChecks::pulls),
            new Check("pods-ready", Category.WORKLOADS, "every pod is ready", WorkloadChecks::ready));

    static List<Finding> injection(DoctorInput in) {
        String ns = in.workshop().appNamespace();
        return Rules.eachCluster(in, c -> c.namespace(ns).map(n -> n.injectionEnabled() ? Finding.ok(c.name())
                : Finding.fail(c.name(), "namespace " + ns + " has no " + NamespaceFact.INJECTION + "=enabled: its new pods"
                        + " get no sidecar", "kubectl label namespace " + ns + " " + NamespaceFact.INJECTION + "=enabled --overwrite "
                        + DoctorInput.ctx(c) + ", then restart its deployments"))
                .orElse(Finding.skipped(c.name(), "no namespace " + ns)));
    }

    private static List<PodFact> appPods(DoctorInput in, ClusterFacts c) {
        return c.podsIn(in.workshop().appNamespace()).stream()
                .filter(p -> !p.completed() && p.health() != PodHealth.TERMINATING).toList();
    }

    static List<Finding> sidecars(DoctorInput in) {
        return Rules.eachClusterMany(in, c -> {
            List<PodFact> bare = appPods(in, c).stream().filter(p -> !p.sidecar()).toList();
            if (bare.isEmpty()) {
                return List.of();
            }
            String first = Rules.owner(c, bare.get(0)).map(Rules::kubeRef).orElse("pod/" + bare.get(0).name());
            return List.of(Finding.fail(c.name(), "no sidecar: " + String.join(", ", bare.stream().map(PodFact::name).toList())
                    + " (other networks drop their endpoints; their calls go out without mTLS)",
                    "kubectl rollout restart " + first + " -n " + in.workshop().appNamespace() + " " + DoctorInput.ctx(c)
                            + " (after labelling the namespace for injection)"));
        });
    }

    static List<Finding> networks(DoctorInput in) {
        return Rules.eachClusterMany(in, c -> {
            List<PodFact> wrong = appPods(in, c).stream().filter(PodFact::sidecar)
                    .filter(p -> !Objects.equals(c.networkOf(p), c.network())).toList();
            if (wrong.isEmpty()) {
                return List.of();
            }
            PodFact p = wrong.get(0);
            String first = Rules.owner(c, p).map(Rules::kubeRef).orElse("pod/" + p.name());
            return List.of(Finding.fail(c.name(), String.join(", ", wrong.stream().map(PodFact::name).toList()) + " on network "
                    + (c.networkOf(p) == null ? "<none>" : c.networkOf(p)) + ", not " + c.network()
                    + ": istiod mistakes which network their endpoints are on",
                    "kubectl rollout restart " + first + " -n " + p.namespace() + " " + DoctorInput.ctx(c)
                            + " (the injector labels new pods with the network)"));
        });
    }

    static List<Finding> pulls(DoctorInput in) {
        return Rules.eachClusterMany(in, c -> {
            List<Finding> out = new ArrayList<>();
            for (PodFact p : c.pods()) {
                if (PULL_FAILURES.contains(p.status())) {
                    String images = Rules.owner(c, p).map(w -> String.join(", ", w.images())).orElse("?");
                    out.add(Finding.fail(c.name(), p.namespace() + "/" + p.name() + ": " + p.status() + " (" + images + ")",
                            "images preload --cluster " + c.name() + ", or fix the image (sample-app/kustomization.yaml images:)"));
                }
            }
            return out;
        });
    }

    static List<Finding> ready(DoctorInput in) {
        return Rules.eachClusterMany(in, c -> {
            List<Finding> out = new ArrayList<>();
            for (PodFact p : c.pods()) {
                PodHealth h = p.health();
                if (PULL_FAILURES.contains(p.status()) || h == PodHealth.READY || h == PodHealth.COMPLETED
                        || h == PodHealth.TERMINATING) {
                    continue;
                }
                String reason = p.namespace() + "/" + p.name() + ": " + p.notReadyReason();
                String hint = "kubectl describe pod " + p.name() + " -n " + p.namespace() + " " + DoctorInput.ctx(c);
                out.add(h == PodHealth.FAILING ? Finding.fail(c.name(), reason, hint)
                        : Finding.warn(c.name(), reason + " (still starting?)", hint));
            }
            return out;
        });
    }
}
