package dev.meshstage.mesh.doctor;

import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.MeshParts;
import dev.meshstage.mesh.model.TrustFact;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** trust: a plugged-in CA per cluster, chained to one shared root, with its own intermediate, and published. */
final class TrustChecks {

    private TrustChecks() {
    }

    static final List<Check> CHECKS = List.of(
            new Check("ca-plugged", Category.TRUST, "every cluster signs from a plugged-in CA (cacerts)", TrustChecks::plugged),
            new Check("ca-chain", Category.TRUST, "each intermediate is signed by its root", TrustChecks::chain),
            new Check("one-root", Category.TRUST, "one root of trust across the clusters", TrustChecks::oneRoot),
            new Check("intermediates-distinct", Category.TRUST, "each cluster has its own intermediate",
                    TrustChecks::distinct),
            new Check("root-published", Category.TRUST, "istiod publishes the root it signs from", TrustChecks::published));

    static List<Finding> plugged(DoctorInput in) {
        return Rules.eachCluster(in, c -> switch (c.mesh().trust().source()) {
            case CACERTS -> Finding.ok(c.name());
            case SELF_SIGNED -> Finding.warn(c.name(), "istiod signs with its own self-signed CA (no cacerts): other clusters"
                    + " trust it only if they hold the very same CA", "mesh ca (then mesh install restarts istiod on it)");
            case NONE -> Finding.fail(c.name(), "no cacerts in istio-system: istiod would make a root of its own",
                    "mesh ca");
        });
    }

    static List<Finding> chain(DoctorInput in) {
        return Rules.eachCluster(in, c -> {
            TrustFact t = c.mesh().trust();
            if (t.source() != TrustFact.Source.CACERTS) {
                return Finding.skipped(c.name(), "no cacerts");
            }
            return t.signedByRoot() ? Finding.ok(c.name())
                    : Finding.fail(c.name(), "cacerts' ca-cert.pem is not signed by its root-cert.pem: workload certificates"
                            + " do not chain to the root peers trust", "mesh ca --rotate");
        });
    }

    static List<Finding> oneRoot(DoctorInput in) {
        Map<String, String> roots = new LinkedHashMap<>();
        for (ClusterFacts c : in.reachable()) {
            String root = c.mesh().trust().trustedRoot();
            if (root != null) {
                roots.put(c.name(), root);
            }
        }
        if (roots.size() < 2) {
            return List.of(Finding.skipped(null, "fewer than two clusters have a CA"));
        }
        if (roots.values().stream().distinct().count() == 1) {
            return List.of(Finding.ok(null));
        }
        String which = roots.entrySet().stream().map(e -> e.getKey() + " " + Rules.shortFingerprint(e.getValue()))
                .collect(Collectors.joining(", "));
        return List.of(Finding.fail(null, "different roots (" + which + "): cross-cluster mTLS fails with"
                + " CERTIFICATE_VERIFY_FAILED (503 UF,URX)", "mesh ca --rotate"));
    }

    static List<Finding> distinct(DoctorInput in) {
        Map<String, List<String>> byIntermediate = new LinkedHashMap<>();
        for (ClusterFacts c : in.reachable()) {
            String ca = c.mesh().trust().intermediateFingerprint();
            if (ca != null) {
                byIntermediate.computeIfAbsent(ca, k -> new ArrayList<>()).add(c.name());
            }
        }
        if (byIntermediate.values().stream().mapToInt(List::size).sum() < 2) {
            return List.of(Finding.skipped(null, "fewer than two clusters have a CA"));
        }
        List<Finding> out = new ArrayList<>();
        byIntermediate.values().stream().filter(names -> names.size() > 1).forEach(names -> out.add(Finding.warn(null,
                String.join(" and ", names) + " sign with the same CA (as when istio-ca-secret is copied between clusters):"
                        + " one leaked key compromises all of them", "mesh ca --rotate")));
        return out.isEmpty() ? List.of(Finding.ok(null)) : out;
    }

    static List<Finding> published(DoctorInput in) {
        return Rules.eachCluster(in, c -> {
            TrustFact t = c.mesh().trust();
            MeshParts.IstiodFact istiod = c.mesh().istiod();
            if (istiod == null || t.publishedRootFingerprint() == null || t.rootFingerprint() == null) {
                return Finding.skipped(c.name(), "istiod has published no root yet");
            }
            return t.publishedRootFingerprint().equals(t.rootFingerprint()) ? Finding.ok(c.name())
                    : Finding.fail(c.name(), "istiod publishes root " + Rules.shortFingerprint(t.publishedRootFingerprint())
                            + " but cacerts holds " + Rules.shortFingerprint(t.rootFingerprint())
                            + ": istiod has not restarted since cacerts changed",
                            "kubectl rollout restart deployment/istiod -n istio-system " + DoctorInput.ctx(c));
        });
    }
}
