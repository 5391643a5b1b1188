package dev.meshstage.step;

import dev.meshstage.backend.Backend;
import dev.meshstage.error.BackendException;
import dev.meshstage.backend.RemoteClusterStatus;
import dev.meshstage.kube.Applier;
import dev.meshstage.pki.RemoteSecret;
import dev.meshstage.session.Session;
import dev.meshstage.workflow.Step;
import dev.meshstage.workflow.WorkshopProgress;
import dev.meshstage.workshop.ClusterPlan;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Step 4: endpoint discovery both ways. For every cluster, {@code istioctl create-remote-secret} — a kubeconfig for
 * its API server at the address the other clusters reach ({@link Backend#apiServerUrlForPeers}), trusted by its CA
 * and authenticated by istio-reader-service-account's token — applied to every other cluster; then each istiod is
 * watched until it reports the remote {@code synced}, or the reason it cannot.
 */
@Service
public class MeshLinkStep {

    static final String READER = "istio-reader-service-account";
    static final String READER_TOKEN = READER + "-istio-remote-secret-token";
    /** istiod gives up after PILOT_REMOTE_CLUSTER_TIMEOUT (30 s); a little more for the report to arrive. */
    private static final Duration SYNC = Duration.ofSeconds(45);
    private static final Duration TOKEN = Duration.ofSeconds(30);

    private final Session session;
    private final WorkshopProgress workshop;

    public MeshLinkStep(Session session, WorkshopProgress workshop) {
        this.session = session;
        this.workshop = workshop;
    }

    /** One report per cluster: the secrets it received, and what its istiod made of them. */
    public List<StepReport> run() {
        List<ClusterPlan> clusters = session.plan().clusters();
        workshop.require("mesh link", Step.MESH, clusters);
        // a mesh is all attached clusters or none (ClusterAttach refuses a mix)
        Backend backend = session.backendFor(clusters.get(0).name());
        List<ObjectNode> secrets = new ArrayList<>();
        for (ClusterPlan c : clusters) {
            secrets.add(remoteSecret(backend, c));
        }
        List<StepReport> reports = new ArrayList<>();
        // one cluster after another: applying a secret makes that cluster's istiod connect to the other one
        for (ClusterPlan target : clusters) {
            reports.add(PerCluster.guarded(target, t -> link(backend, t, clusters, secrets)));
        }
        return reports;
    }

    private StepReport link(Backend backend, ClusterPlan target, List<ClusterPlan> clusters, List<ObjectNode> secrets) {
        KubernetesClient client = session.client(target.name());
        List<String> lines = new ArrayList<>();
        boolean changed = false;
        for (int i = 0; i < clusters.size(); i++) {
            ClusterPlan source = clusters.get(i);
            if (source.name().equals(target.name())) {
                continue;
            }
            Applier.Result result = applyIfDifferent(client, secrets.get(i));
            changed |= result != Applier.Result.UNCHANGED;
            RemoteClusterStatus status = awaitSync(backend, target.name(), source.name());
            String secret = "secret/" + RemoteSecret.secretName(source.name()) + " " + result.name().toLowerCase(Locale.ROOT);
            if (!RemoteClusterStatus.SYNCED.equals(status.status())) {
                throw new BackendException(secret + ", but istiod reports " + source.name() + " " + status.status()
                        + (status.message().isEmpty() ? "" : ": " + status.message()));
            }
            lines.add(secret + "; istiod: " + source.name() + " synced" + details(status));
        }
        if (!changed) {
            lines.add(0, "already linked");
            return StepReport.alreadyDone(target.name(), lines);
        }
        return StepReport.done(target.name(), lines);
    }

    /** Compared first: re-applying an identical secret would still make istiod reconnect. */
    private static Applier.Result applyIfDifferent(KubernetesClient client, ObjectNode secret) {
        Secret existing = client.secrets().inNamespace(IstioNamespace.NAME)
                .withName(secret.path("metadata").path("name").asString()).get();
        if (existing != null && existing.getData() != null && existing.getMetadata().getLabels() != null
                && existing.getMetadata().getAnnotations() != null
                && existing.getData().equals(strings(secret.path("data")))
                && existing.getMetadata().getLabels().entrySet().containsAll(strings(secret.path("metadata").path("labels")).entrySet())
                && existing.getMetadata().getAnnotations().entrySet().containsAll(strings(secret.path("metadata").path("annotations")).entrySet())) {
            return Applier.Result.UNCHANGED;
        }
        return Applier.apply(client, secret).result();
    }

    private static Map<String, String> strings(tools.jackson.databind.JsonNode object) {
        Map<String, String> out = new java.util.TreeMap<>();
        object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asString()));
        return out;
    }

    private static String details(RemoteClusterStatus s) {
        StringBuilder sb = new StringBuilder();
        if (s.services() >= 0) {
            sb.append(", ").append(s.services()).append(" services");
        }
        if (!s.gateways().isEmpty()) {
            sb.append(", gateway ").append(String.join(", ", s.gateways()));
        }
        if (!s.message().isEmpty()) {
            sb.append(" (warning: ").append(s.message()).append(')');
        }
        return sb.toString();
    }

    /** {@code istioctl create-remote-secret --name=<c> --server=<address from the peers>}. */
    private ObjectNode remoteSecret(Backend backend, ClusterPlan c) {
        KubernetesClient client = session.client(c.name());
        Secret token = readerToken(client);
        String server = backend.apiServerUrlForPeers(c.name());
        ObjectNode secret = RemoteSecret.create(c.name(), server, decode(token, "ca.crt"), decode(token, "token"),
                !"sim".equals(backend.name()));
        // as the API server stores it, so applying it again is "unchanged"
        ObjectNode data = secret.putObject("data");
        secret.path("stringData").properties().forEach(e -> data.put(e.getKey(),
                Base64.getEncoder().encodeToString(e.getValue().asString().getBytes(StandardCharsets.UTF_8))));
        secret.remove("stringData");
        return secret;
    }

    /** The token Secret istioctl makes (and waits for) when the service account has none. */
    private static Secret readerToken(KubernetesClient client) {
        var secrets = client.secrets().inNamespace(IstioNamespace.NAME);
        if (secrets.withName(READER_TOKEN).get() == null) {
            secrets.resource(new SecretBuilder().withNewMetadata().withName(READER_TOKEN)
                    .addToAnnotations("kubernetes.io/service-account.name", READER).endMetadata()
                    .withType("kubernetes.io/service-account-token").build()).create();
        }
        long deadline = System.nanoTime() + TOKEN.toNanos();
        while (true) {
            Secret s = secrets.withName(READER_TOKEN).get();
            if (s != null && s.getData() != null && s.getData().containsKey("token") && s.getData().containsKey("ca.crt")) {
                return s;
            }
            if (System.nanoTime() > deadline) {
                throw new BackendException("the token of " + READER + " was not issued within " + TOKEN.toSeconds()
                        + "s (secret istio-system/" + READER_TOKEN + ")");
            }
            pause();
        }
    }

    private static RemoteClusterStatus awaitSync(Backend backend, String target, String remote) {
        RemoteClusterStatus last = row(backend.awaitRemoteClusters(target,
                view -> row(view, remote) != null && !RemoteClusterStatus.SYNCING.equals(row(view, remote).status()), SYNC), remote);
        return last != null ? last : new RemoteClusterStatus(target, remote, "", RemoteClusterStatus.SYNCING, "",
                "istiod on " + target + " does not list " + remote + " (is the secret in istio-system?)", -1, List.of());
    }

    /** The row istiod has for {@code remote} as a remote cluster, or null. */
    private static RemoteClusterStatus row(List<RemoteClusterStatus> view, String remote) {
        RemoteClusterStatus found = null;
        for (RemoteClusterStatus s : view) {
            if (s.name().equals(remote) && !s.local()) {
                found = s;
            }
        }
        return found;
    }

    private static String decode(Secret s, String key) {
        Map<String, String> data = s.getData();
        return new String(Base64.getMimeDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackendException("interrupted while waiting for istiod");
        }
    }
}
