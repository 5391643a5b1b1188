package dev.meshstage.mesh.doctor;

import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.MeshParts;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * remote discovery: every istiod holds a remote secret for every other cluster, naming an API address that istiod can
 * reach with a token, and says it synced.
 */
final class DiscoveryChecks {

    private DiscoveryChecks() {
    }

    static final List<Check> CHECKS = List.of(
            new Check("remote-secrets", Category.REMOTE_DISCOVERY, "a remote secret for every other cluster, both ways",
                    DiscoveryChecks::secrets),
            new Check("remote-servers", Category.REMOTE_DISCOVERY, "remote secrets name an API address the istiod can reach",
                    DiscoveryChecks::servers),
            new Check("remote-tokens", Category.REMOTE_DISCOVERY, "remote secrets carry a token", DiscoveryChecks::tokens),
            new Check("istiod-synced", Category.REMOTE_DISCOVERY, "every istiod has synced every remote cluster",
                    DiscoveryChecks::synced));

    /** Each (this cluster, other cluster) pair of answering clusters, with the secret this one holds for the other. */
    private record Pair(ClusterFacts here, ClusterFacts other, Optional<MeshParts.RemoteSecretFact> secret) {
    }

    private static List<Pair> pairs(DoctorInput in) {
        List<Pair> out = new ArrayList<>();
        for (ClusterFacts here : in.reachable()) {
            for (ClusterFacts other : in.clusters()) {
                if (!other.name().equals(here.name())) {
                    out.add(new Pair(here, other, here.mesh().remoteSecretFor(other.name())));
                }
            }
        }
        return out;
    }

    static List<Finding> secrets(DoctorInput in) {
        List<Finding> out = new ArrayList<>();
        // a secret under a name no cluster has (a wrong data key): istiod registers a cluster that does not exist
        for (ClusterFacts here : in.reachable()) {
            for (MeshParts.RemoteSecretFact s : here.mesh().remoteSecrets()) {
                if (s.cluster() != null && in.model().cluster(s.cluster()).isEmpty()) {
                    out.add(Finding.fail(here.name(), "secret " + s.name() + " names cluster '" + s.cluster() + "', which is not"
                            + " one of " + String.join(", ", in.model().names()) + " (its data key must be the cluster's name)",
                            "kubectl delete secret " + s.name() + " -n istio-system " + DoctorInput.ctx(here) + "; mesh link"));
                }
            }
        }
        for (Pair p : pairs(in)) {
            out.add(p.secret().isPresent() ? Finding.ok(p.here().name())
                    : Finding.fail(p.here().name(), "no remote secret for " + p.other().name() + " (istio-system, label"
                            + " istio/multiCluster=true): this istiod sends only local endpoints, calls to services that run"
                            + " only in " + p.other().name() + " fail", "mesh link"));
        }
        return out.isEmpty() ? List.of(Finding.skipped(null, "fewer than two clusters")) : out;
    }

    static List<Finding> servers(DoctorInput in) {
        List<Finding> out = new ArrayList<>();
        for (Pair p : pairs(in)) {
            if (p.secret().isEmpty()) {
                continue;
            }
            MeshParts.RemoteSecretFact s = p.secret().get();
            String peer = p.other().peerApiServer();
            if (s.problem() != null) {
                out.add(Finding.fail(p.here().name(), "secret " + s.name() + " cannot be read: " + s.problem(), "mesh link"));
            } else if (s.loopback() && !(peer != null ? loopback(peer) : "sim".equals(in.backend()))) {
                out.add(Finding.fail(p.here().name(), "secret " + s.name() + " names " + s.server() + ", a loopback address"
                        + " that is not reachable from inside the cluster" + (peer == null ? "" : " (" + p.other().name()
                        + "'s API is at " + peer + " for peers)") + ": istiod times out", "mesh link"));
            } else if (peer != null && !sameServer(peer, s.server())) {
                out.add(Finding.warn(p.here().name(), "secret " + s.name() + " names " + s.server() + ", but " + p.other().name()
                        + "'s API is at " + peer + " (recreated since mesh link?)", "mesh link"));
            } else {
                out.add(Finding.ok(p.here().name()));
            }
        }
        return out.isEmpty() ? List.of(Finding.skipped(null, "no remote secrets")) : out;
    }

    private static boolean loopback(String url) {
        try {
            String host = URI.create(url).getHost();
            return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean sameServer(String a, String b) {
        return b != null && a.replaceAll("/+$", "").equals(b.replaceAll("/+$", ""));
    }

    static List<Finding> tokens(DoctorInput in) {
        List<Finding> out = new ArrayList<>();
        for (Pair p : pairs(in)) {
            p.secret().filter(s -> s.problem() == null).ifPresent(s -> out.add(s.tokenPresent() ? Finding.ok(p.here().name())
                    : Finding.fail(p.here().name(), "secret " + s.name() + " has no token: " + p.other().name()
                            + "'s API refuses istiod", "mesh link")));
        }
        return out.isEmpty() ? List.of(Finding.skipped(null, "no remote secrets")) : out;
    }

    static List<Finding> synced(DoctorInput in) {
        List<Finding> out = new ArrayList<>();
        for (Pair p : pairs(in)) {
            MeshParts.IstiodFact istiod = p.here().mesh().istiod();
            if (p.secret().isEmpty() || istiod == null || !istiod.ready()) {
                continue;
            }
            if (p.here().mesh().discovery().isEmpty()) {
                out.add(Finding.skipped(p.here().name(), "istiod cannot be asked"));
                continue;
            }
            Optional<MeshParts.DiscoveryFact> d = p.here().mesh().discoveryOf(p.other().name());
            if (d.isEmpty()) {
                out.add(Finding.fail(p.here().name(), "istiod has not picked up the remote secret for " + p.other().name(),
                        "kubectl logs deployment/istiod -n istio-system " + DoctorInput.ctx(p.here())));
            } else if (!d.get().synced()) {
                String message = d.get().message() == null || d.get().message().isEmpty() ? "" : ": " + d.get().message();
                out.add(Finding.fail(p.here().name(), "istiod's view of " + p.other().name() + " is " + d.get().status().word()
                        + message, "mesh link (then mesh status)"));
            } else {
                out.add(Finding.ok(p.here().name()));
            }
        }
        return out.isEmpty() ? List.of(Finding.skipped(null, "no istiod with remote secrets")) : out;
    }
}
