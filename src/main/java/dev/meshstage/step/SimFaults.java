package dev.meshstage.step;

import dev.meshstage.error.BackendException;
import dev.meshstage.backend.RemoteClusterStatus;
import dev.meshstage.error.UsageException;
import dev.meshstage.kube.Applier;
import dev.meshstage.kube.ManifestFiles;
import dev.meshstage.pki.IntermediateCa;
import dev.meshstage.pki.MeshCa;
import dev.meshstage.session.Session;
import dev.meshstage.workshop.ClusterPlan;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sim fault}: breaks the mesh on purpose, through the clusters' API as a person with kubectl would, so that
 * doctor, trace and the sim's data plane meet a real broken state; {@code sim fault clear} puts back what the workshop
 * steps made. The faults in force are remembered in {@code $MESHSTAGE_HOME/faults.json}. Only on the sim: on real
 * clusters, breaking things is the user's own business.
 */
@Service
public class SimFaults {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ISTIO = "istio-system";
    private static final String APP = AppManifests.NAMESPACE;
    private static final String EASTWEST = "istio-eastwestgateway";
    private static final String NETWORK_LABEL = "topology.istio.io/network";
    private static final ResourceDefinitionContext GATEWAYS = new ResourceDefinitionContext.Builder().withGroup("networking.istio.io")
            .withVersion("v1").withKind("Gateway").withPlural("gateways").withNamespaced(true).build();

    /** istiod's own limit for a remote cluster's first sync ({@code PILOT_REMOTE_CLUSTER_TIMEOUT}). */
    private static final Duration REMOTE_DISCOVERY = Duration.ofSeconds(30);

    private final Session session;
    private final MeshLinkStep link;
    private final MeshCaStep ca;
    private final AppSteps app;

    /** One fault in force on one cluster. */
    public record Active(Fault fault, String cluster) {
    }

    public SimFaults(Session session, MeshLinkStep link, MeshCaStep ca, AppSteps app) {
        this.session = session;
        this.link = link;
        this.ca = ca;
        this.app = app;
    }

    public List<Active> active() {
        Path file = file();
        if (!Files.exists(file)) {
            return List.of();
        }
        List<Active> out = new ArrayList<>();
        try {
            for (var n : JSON.readTree(Files.readString(file))) {
                Fault.of(n.path("fault").asString()).ifPresent(f -> out.add(new Active(f, n.path("cluster").asString())));
            }
        } catch (IOException | RuntimeException e) {
            throw new BackendException("cannot read " + file + ": " + e.getMessage());
        }
        return out;
    }

    /** @return what was done, one line */
    public String introduce(String name, String cluster) {
        requireSim();
        Fault fault = Fault.of(name).orElseThrow(() -> new UsageException("unknown fault '" + name + "': faults are "
                + String.join(", ", java.util.Arrays.stream(Fault.values()).map(Fault::word).toList()) + " (sim fault list)"));
        ClusterPlan target = cluster != null ? session.resolveCluster(cluster) : session.resolveCluster(String.valueOf(fault.defaultCluster()));
        if (active().contains(new Active(fault, target.name()))) {
            return fault.word() + " is already in force on " + target.name() + " (sim fault clear " + fault.word() + " undoes it)";
        }
        KubernetesClient client = session.client(target.name());
        String done = switch (fault) {
            case REMOTE_SECRET_MISSING -> {
                List<String> names = remoteSecrets(client);
                requireSome(names, target, "no remote secret to delete: run 'mesh link' first");
                names.forEach(n -> client.secrets().inNamespace(ISTIO).withName(n).delete());
                yield "deleted secret " + String.join(", ", names) + " in istio-system";
            }
            case REMOTE_SECRET_UNREACHABLE -> {
                List<String> names = remoteSecrets(client);
                requireSome(names, target, "no remote secret to point elsewhere: run 'mesh link' first");
                for (String n : names) {
                    Secret s = client.secrets().inNamespace(ISTIO).withName(n).get();
                    Map<String, String> data = new LinkedHashMap<>(s.getData());
                    data.replaceAll((k, v) -> Base64.getEncoder().encodeToString(new String(Base64.getMimeDecoder().decode(v),
                            StandardCharsets.UTF_8).replaceAll("server: https://[^\\s]+", "server: https://127.0.0.1:1")
                            .getBytes(StandardCharsets.UTF_8)));
                    s.setData(data);
                    client.secrets().inNamespace(ISTIO).resource(s).update();
                }
                yield "pointed " + String.join(", ", names) + " at https://127.0.0.1:1";
            }
            case EASTWEST_GATEWAY_DOWN -> {
                requireGateway(client, target);
                client.apps().deployments().inNamespace(ISTIO).withName(EASTWEST).scale(0);
                yield "scaled deployment/" + EASTWEST + " to 0";
            }
            case GATEWAY_NETWORK_LABEL_MISSING -> {
                requireGateway(client, target);
                client.services().inNamespace(ISTIO).withName(EASTWEST).edit(s -> {
                    s.getMetadata().getLabels().remove(NETWORK_LABEL);
                    return s;
                });
                yield "removed label " + NETWORK_LABEL + " from service/" + EASTWEST;
            }
            case PASSTHROUGH_MISSING -> {
                client.genericKubernetesResources(GATEWAYS).inNamespace(ISTIO).withName("cross-network-gateway").delete();
                yield "deleted gateway.networking.istio.io/cross-network-gateway";
            }
            case SIDECAR_MISSING -> {
                requireApp(client, target, "product");
                client.namespaces().withName(APP).edit(n -> {
                    n.getMetadata().getLabels().put("istio-injection", "disabled");
                    return n;
                });
                Rollouts.restart(client, session.backend(), APP, "deployment", "product");
                yield "labelled namespace " + APP + " istio-injection=disabled and restarted deployment/product";
            }
            case SECOND_ROOT -> {
                Path dir = session.home().resolve("faults").resolve("second-root");
                installCacerts(client, session.backend(), MeshCa.loadOrCreate(dir, List.of(target.name())).intermediate(target.name()));
                awaitRemoteDiscovery(target.name());
                yield "replaced cacerts with a CA of another root, restarted istiod and the workloads";
            }
            case STUB_SERVICE_MISSING -> {
                if (client.services().inNamespace(APP).withName("postgres").get() == null) {
                    throw new UsageException("no Service postgres in " + APP + " on " + target.name() + " to delete");
                }
                client.services().inNamespace(APP).withName("postgres").delete();
                yield "deleted service/postgres in " + APP;
            }
        };
        List<Active> now = new ArrayList<>(active());
        now.add(new Active(fault, target.name()));
        save(now);
        return target.name() + ": " + done;
    }

    /** Undoes the named fault (all when null); returns one line per fault undone. */
    public List<String> clear(String name) {
        requireSim();
        if (name != null && Fault.of(name).isEmpty()) {
            throw new UsageException("unknown fault '" + name + "': faults are "
                    + String.join(", ", java.util.Arrays.stream(Fault.values()).map(Fault::word).toList()));
        }
        List<Active> remaining = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (Active a : active()) {
            if (name != null && !a.fault().word().equals(name)) {
                remaining.add(a);
                continue;
            }
            lines.add(a.cluster() + ": " + undo(a));
        }
        save(remaining);
        if (lines.isEmpty()) {
            lines.add(name == null ? "no fault in force" : name + " is not in force");
        }
        return lines;
    }

    private String undo(Active a) {
        ClusterPlan plan = session.resolveCluster(a.cluster());
        KubernetesClient client = session.client(plan.name());
        switch (a.fault()) {
            case REMOTE_SECRET_MISSING, REMOTE_SECRET_UNREACHABLE -> {
                if (a.fault() == Fault.REMOTE_SECRET_UNREACHABLE) {
                    remoteSecrets(client).forEach(n -> client.secrets().inNamespace(ISTIO).withName(n).delete());
                }
                link.run();
                return "remote secrets made again (mesh link)";
            }
            case EASTWEST_GATEWAY_DOWN -> {
                client.apps().deployments().inNamespace(ISTIO).withName(EASTWEST).scale(1);
                return "scaled deployment/" + EASTWEST + " to 1";
            }
            case GATEWAY_NETWORK_LABEL_MISSING -> {
                client.services().inNamespace(ISTIO).withName(EASTWEST).edit(s -> {
                    s.getMetadata().getLabels().put(NETWORK_LABEL, plan.network());
                    return s;
                });
                return "labelled service/" + EASTWEST + " " + NETWORK_LABEL + "=" + plan.network();
            }
            case PASSTHROUGH_MISSING -> {
                Path file = session.plan().exposeServicesConfig();
                for (ObjectNode o : ManifestFiles.read(file, file.toString())) {
                    ((ObjectNode) o.path("metadata")).put("namespace", ISTIO);
                    Applier.apply(client, o);
                }
                return "applied " + session.workshopDir().relativize(file);
            }
            case SIDECAR_MISSING -> {
                client.namespaces().withName(APP).edit(n -> {
                    n.getMetadata().getLabels().put("istio-injection", "enabled");
                    return n;
                });
                Rollouts.restart(client, session.backend(), APP, "deployment", "product");
                return "labelled namespace " + APP + " istio-injection=enabled and restarted deployment/product";
            }
            case SECOND_ROOT -> {
                MeshCa mesh = MeshCa.loadOrCreate(ca.directory(), session.plan().clusterNames());
                installCacerts(client, session.backend(), mesh.intermediate(plan.name()));
                awaitRemoteDiscovery(plan.name());
                return "cacerts of the mesh's root put back, istiod and the workloads restarted";
            }
            case STUB_SERVICE_MISSING -> {
                app.deploy(plan.name(), List.of("product"), dev.meshstage.backend.ProgressListener.NONE);
                return "stub services applied again (app deploy --cluster " + plan.name() + " product)";
            }
            default -> throw new IllegalStateException(a.fault().word());
        }
    }

    /**
     * A restarted istiod reads its remote secrets again and is {@code syncing} until it has connected: wait for that
     * (as {@code mesh link} does), so the next doctor meets the fault and not an istiod half way through its start.
     */
    private void awaitRemoteDiscovery(String cluster) {
        // on time-out doctor will say which remote is still syncing
        session.backend().awaitRemoteClusters(cluster, view -> view.stream()
                .noneMatch(s -> !s.local() && RemoteClusterStatus.SYNCING.equals(s.status())), REMOTE_DISCOVERY);
    }

    private static void installCacerts(KubernetesClient client, dev.meshstage.backend.Backend backend, IntermediateCa intermediate) {
        Map<String, String> data = new LinkedHashMap<>();
        intermediate.cacerts().forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        Secret secret = new SecretBuilder().withNewMetadata().withName("cacerts").withNamespace(ISTIO).endMetadata()
                .withType("Opaque").withData(data).build();
        client.secrets().inNamespace(ISTIO).resource(secret).createOr(op -> op.update());
        Rollouts.restartIstiod(client, backend);
        Rollouts.restartMeshWorkloads(client, backend);
    }

    private static List<String> remoteSecrets(KubernetesClient client) {
        return client.secrets().inNamespace(ISTIO).withLabel("istio/multiCluster", "true").list().getItems().stream()
                .map(s -> s.getMetadata().getName()).sorted().toList();
    }

    private static void requireSome(List<String> names, ClusterPlan target, String otherwise) {
        if (names.isEmpty()) {
            throw new UsageException(target.name() + ": " + otherwise);
        }
    }

    private static void requireGateway(KubernetesClient client, ClusterPlan target) {
        if (client.services().inNamespace(ISTIO).withName(EASTWEST).get() == null) {
            throw new UsageException(target.name() + " has no east-west gateway: run 'mesh install' first");
        }
    }

    private static void requireApp(KubernetesClient client, ClusterPlan target, String workload) {
        if (client.apps().deployments().inNamespace(APP).withName(workload).get() == null) {
            throw new UsageException(target.name() + " has no deployment/" + workload + ": run 'app deploy --cluster "
                    + target.name() + " " + workload + "' first");
        }
    }

    private void requireSim() {
        if (!"sim".equals(session.backendName())) {
            throw new UsageException("sim fault works only on the simulated clusters (--backend sim): on "
                    + session.backendName() + " clusters, break things with kubectl and let doctor find them");
        }
    }

    private Path file() {
        return session.home().resolve("faults.json");
    }

    private void save(List<Active> faults) {
        ArrayNode arr = JSON.createArrayNode();
        faults.forEach(f -> arr.addObject().put("fault", f.fault().word()).put("cluster", f.cluster()));
        try {
            Files.createDirectories(file().getParent());
            Files.writeString(file(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(arr));
        } catch (IOException e) {
            throw new BackendException("cannot write " + file() + ": " + e.getMessage());
        }
    }

}
