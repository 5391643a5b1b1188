package dev.meshstage.mesh.source;

import dev.meshstage.Async;
import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.model.MeshParts;
import dev.meshstage.mesh.model.PodFact;
import dev.meshstage.mesh.model.Reach;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The model from one read of every cluster, all clusters and all reads side by side. Pods come as the server's
 * tables (see {@link PodTables}); everything else as typed lists.
 */
public final class SnapshotSource {

    /**
     * How much to read. CLUSTER: the objects, pods as the tables' rows without their metadata
     * ({@link PodFact#metadata()} null), no warning events ({@code status}, hints, completion: what they show needs
     * neither, and at thousands of pods these two are most of the bytes). APP: also the pods' metadata, the warnings
     * and why each pod that is not ready is not (its containers' waiting reasons, read whole: {@code app status}).
     * MESH: also what each istiod reports about the clusters it reads (doctor, trace, the dashboard). The live source
     * reads everything.
     */
    public enum Depth { CLUSTER, APP, MESH }

    static final ResourceDefinitionContext GATEWAYS = crd("networking.istio.io", "v1", "Gateway", "gateways");
    static final ResourceDefinitionContext VIRTUAL_SERVICES = crd("networking.istio.io", "v1", "VirtualService", "virtualservices");
    static final ResourceDefinitionContext POOLS = crd("metallb.io", "v1beta1", "IPAddressPool", "ipaddresspools");

    private final ClusterAccess access;
    private final Clock clock;

    public SnapshotSource(ClusterAccess access, Clock clock) {
        this.access = access;
        this.clock = clock;
    }

    public MeshModel read(Depth depth) {
        return read(access.clusters(), depth);
    }

    public MeshModel read(List<ClusterAccess.ClusterRef> clusters, Depth depth) {
        List<CompletableFuture<ClusterFacts>> reads = clusters.stream().map(c -> Async.supply(() -> read(c, depth))).toList();
        return new MeshModel(reads.stream().map(CompletableFuture::join).toList());
    }

    private ClusterFacts read(ClusterAccess.ClusterRef ref, Depth depth) {
        try {
            KubernetesClient client = access.client(ref.name());
            var namespaces = Async.supply(() -> client.namespaces().list().getItems());
            var nodes = Async.supply(() -> client.nodes().list().getItems());
            var services = Async.supply(() -> client.services().inAnyNamespace().list().getItems());
            var slices = Async.supply(() -> client.discovery().v1().endpointSlices().inAnyNamespace().list().getItems());
            var deployments = Async.supply(() -> client.apps().deployments().inAnyNamespace().list().getItems());
            var statefulSets = Async.supply(() -> client.apps().statefulSets().inAnyNamespace().list().getItems());
            var daemonSets = Async.supply(() -> client.apps().daemonSets().inAnyNamespace().list().getItems());
            var secrets = Async.supply(() -> client.secrets().inNamespace(FactsAssembler.ISTIO).list().getItems());
            var configMaps = Async.supply(() -> client.configMaps().inNamespace(FactsAssembler.ISTIO).list().getItems());
            var gateways = Async.supply(() -> custom(client, GATEWAYS, null));
            var virtualServices = Async.supply(() -> custom(client, VIRTUAL_SERVICES, null));
            var pools = Async.supply(() -> custom(client, POOLS, FactsAssembler.METALLB));
            var events = depth == Depth.CLUSTER ? CompletableFuture.completedFuture(List.<Event>of())
                    : Async.supply(() -> client.v1().events().inAnyNamespace().withField("type", "Warning").list().getItems());
            var tables = namespaces.thenCompose(list -> Async.supply(() -> PodTables.read(client,
                    list.stream().map(n -> n.getMetadata().getName()).sorted().toList(), depth != Depth.CLUSTER)));
            var pods = depth == Depth.CLUSTER ? tables : tables.thenCompose(list -> Async.supply(() -> withReasons(client, list)));
            ClusterObjects objects = new ClusterObjects(join(nodes), join(namespaces), join(pods), join(services), join(slices),
                    join(deployments), join(statefulSets), join(daemonSets), join(secrets), join(configMaps), join(gateways),
                    join(virtualServices), join(pools), join(events));
            List<MeshParts.DiscoveryFact> discovery = depth == Depth.MESH && objects.deployments().stream()
                    .anyMatch(d -> FactsAssembler.ISTIO.equals(d.getMetadata().getNamespace()) && "istiod".equals(d.getMetadata().getName()))
                    ? access.discovery(ref.name()) : List.of();
            return FactsAssembler.assemble(ref, objects, discovery, access.nodeSubnet(ref.name()), access.peerApiServer(ref.name()));
        } catch (RuntimeException e) {
            return ClusterFacts.unreachable(ref.name(), ref.context(), ref.network(), Reach.failed(Problems.explain(e), clock.instant()));
        }
    }

    /**
     * The tables do not say why a container waits: the namespaces that have pods neither ready nor finished are
     * listed whole, side by side (a healthy cluster has none, so this costs nothing there).
     */
    static List<PodFact> withReasons(KubernetesClient client, List<PodFact> pods) {
        List<String> namespaces = pods.stream().filter(PodFact::needsReasons).map(PodFact::namespace).distinct().toList();
        if (namespaces.isEmpty()) {
            return pods;
        }
        Map<String, CompletableFuture<List<Pod>>> reads = new HashMap<>();
        namespaces.forEach(ns -> reads.put(ns, Async.supply(() -> client.pods().inNamespace(ns).list().getItems())));
        Map<String, Pod> whole = new HashMap<>();
        reads.values().forEach(r -> join(r).forEach(p -> whole.put(p.getMetadata().getNamespace() + "/" + p.getMetadata().getName(), p)));
        return pods.stream().map(p -> {
            Pod full = p.needsReasons() ? whole.get(p.namespace() + "/" + p.name()) : null;
            return full == null ? p : p.withUnready(ObjectFacts.unready(full));
        }).toList();
    }

    /** A custom resource list; an API the cluster does not serve (CRD not installed) is an empty list. */
    static List<GenericKubernetesResource> custom(KubernetesClient client, ResourceDefinitionContext type, String namespace) {
        try {
            var op = client.genericKubernetesResources(type);
            return (namespace == null ? op.inAnyNamespace() : op.inNamespace(namespace)).list().getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return List.of();
            }
            throw e;
        }
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    static ResourceDefinitionContext crd(String group, String version, String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

}
