package dev.meshstage.step;

import dev.meshstage.pki.IntermediateCa;
import dev.meshstage.pki.MeshCa;
import dev.meshstage.session.Session;
import dev.meshstage.workflow.Step;
import dev.meshstage.workflow.WorkshopProgress;
import dev.meshstage.workshop.ClusterPlan;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.stereotype.Service;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mesh's shared root of trust, as the official procedure plugs it in ("Plug in CA Certificates"): one root and
 * one intermediate per cluster under {@code $MESHSTAGE_HOME/pki/mesh/}, and in each cluster a {@code cacerts} Secret
 * in istio-system — made before istiod starts, because istiod reads its CA only at start. Replaces the workshop's
 * copy of cluster1's self-signed {@code istio-ca-secret} (defect 11: one signing key for both clusters).
 */
@Service
public class MeshCaStep {

    public static final String SECRET = "cacerts";

    private final Session session;
    private final WorkshopProgress workshop;

    public MeshCaStep(Session session, WorkshopProgress workshop) {
        this.session = session;
        this.workshop = workshop;
    }

    /** What {@code mesh ca} did: the shared root, and per cluster what happened to its cacerts. */
    public record Result(String rootFingerprint, Path directory, List<StepReport> clusters) {
    }

    public Path directory() {
        return session.home().resolve("pki").resolve("mesh");
    }

    /** Starts making the mesh CA's keys this home still lacks, in the background (see MeshCa.prepareKeys). */
    public void prepareKeys() {
        MeshCa.prepareKeys(directory(), session.plan().clusterNames());
    }

    /**
     * Installs {@code cacerts} where it is missing; existing ones are kept. With {@code rotate}, a new root and
     * intermediates replace them in every cluster, then istiod and the workloads are restarted.
     */
    public Result run(List<ClusterPlan> clusters, boolean rotate) {
        workshop.require(rotate ? "mesh ca --rotate" : "mesh ca", Step.CLUSTERS, clusters);
        List<String> all = session.plan().clusterNames();
        // dated by the clusters' clock, so the workload certificates istiod issues never predate their issuer
        java.time.Instant now = session.backend().now();
        MeshCa ca = rotate ? MeshCa.rotate(directory(), all, now) : MeshCa.loadOrCreate(directory(), all, now);
        // cacerts everywhere first, restarts after: a restarted istiod compares its new root with the other
        // clusters' cacerts, which must already be the new ones
        List<StepReport> installed = PerCluster.run(clusters, c -> install(c, ca, rotate));
        List<StepReport> reports = new ArrayList<>();
        for (int i = 0; i < clusters.size(); i++) {
            StepReport r = installed.get(i);
            reports.add(r.status() == StepReport.Status.DONE ? PerCluster.guarded(clusters.get(i), c -> restart(c, r)) : r);
        }
        return new Result(ca.fingerprint(), directory(), reports);
    }

    private StepReport install(ClusterPlan c, MeshCa ca, boolean rotate) {
        KubernetesClient client = session.client(c.name());
        IntermediateCa intermediate = ca.intermediate(c.name());
        List<String> lines = new ArrayList<>();
        String ns = IstioNamespace.ensure(client, c.network());
        if (ns != null) {
            lines.add(ns);
        }
        String fingerprint = "intermediate " + intermediate.fingerprint();
        Secret existing = client.secrets().inNamespace(IstioNamespace.NAME).withName(SECRET).get();
        if (existing != null) {
            String installed = entry(existing, IntermediateCa.CA_CERT);
            if (installed.equals(intermediate.certificatePem())) {
                lines.add(0, "cacerts already installed (" + fingerprint + ")");
                return StepReport.alreadyDone(c.name(), lines);
            }
            if (!rotate) {
                lines.add(0, "cacerts already installed, from another CA than " + directory()
                        + " (kept; 'mesh ca --rotate' replaces it in every cluster)");
                return StepReport.alreadyDone(c.name(), lines);
            }
        }
        Secret secret = new SecretBuilder().withNewMetadata().withName(SECRET).withNamespace(IstioNamespace.NAME)
                .endMetadata().withType("Opaque").withData(encoded(intermediate.cacerts())).build();
        client.secrets().inNamespace(IstioNamespace.NAME).resource(secret).createOr(op -> op.update());
        lines.add(0, "cacerts " + (existing == null ? "installed" : "replaced") + " in istio-system (" + fingerprint + ")");
        return StepReport.done(c.name(), lines);
    }

    /** istiod reads its CA only at start, and each sidecar keeps its certificate until its pod is replaced. */
    private StepReport restart(ClusterPlan c, StepReport installed) {
        KubernetesClient client = session.client(c.name());
        List<String> lines = new ArrayList<>(installed.lines());
        if (Rollouts.restartIstiod(client, session.backend())) {
            List<String> workloads = Rollouts.restartMeshWorkloads(client, session.backend());
            lines.add("restarted istiod, then " + workloads.size() + " workload" + (workloads.size() == 1 ? "" : "s")
                    + " with sidecars so they get certificates from the new CA" + (workloads.isEmpty() ? ""
                            : ": " + String.join(", ", workloads)));
        }
        return StepReport.done(c.name(), lines);
    }

    /** True when the cluster has a cacerts Secret (whatever its CA). */
    public boolean installed(ClusterPlan c) {
        return session.client(c.name()).secrets().inNamespace(IstioNamespace.NAME).withName(SECRET).get() != null;
    }

    private static String entry(Secret s, String key) {
        String v = s.getData() == null ? null : s.getData().get(key);
        return v == null ? "" : new String(Base64.getMimeDecoder().decode(v), StandardCharsets.UTF_8);
    }

    private static Map<String, String> encoded(Map<String, String> entries) {
        Map<String, String> out = new LinkedHashMap<>();
        entries.forEach((k, v) -> out.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return out;
    }
}
