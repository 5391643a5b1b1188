package dev.meshstage.mesh;

import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.EndpointFact;
import dev.meshstage.mesh.model.IstioGatewayFact;
import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.model.MeshParts;
import dev.meshstage.mesh.model.NamespaceFact;
import dev.meshstage.mesh.model.NodeFact;
import dev.meshstage.mesh.model.PodFact;
import dev.meshstage.mesh.model.Reach;
import dev.meshstage.mesh.model.ServiceFact;
import dev.meshstage.mesh.model.TrustFact;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Small meshes built by hand for the routing rule's and the checks' tests: the workshop's healthy two-cluster mesh
 * (cart in cluster1, product in cluster2), and edits that break one thing at a time.
 */
public final class HandBuiltMesh {

    public static final String ROOT = "root-fp";
    private final Map<String, Cluster> clusters = new java.util.LinkedHashMap<>();

    /** A cluster being built: mutable lists, frozen by {@link #model()}. */
    public static final class Cluster {
        final String name;
        final String network;
        String subnet = "172.18.0.0/16";
        public final List<NamespaceFact> namespaces = new ArrayList<>();
        public final List<PodFact> pods = new ArrayList<>();
        public final List<ServiceFact> services = new ArrayList<>();
        public final List<EndpointFact> endpoints = new ArrayList<>();
        public final List<IstioGatewayFact> gateways = new ArrayList<>();
        public final List<MeshParts.DiscoveryFact> discovery = new ArrayList<>();
        public final List<MeshParts.RemoteSecretFact> secrets = new ArrayList<>();
        MeshParts.IstiodFact istiod = new MeshParts.IstiodFact(1, 1, "docker.io/istio/pilot:1.28.3");
        MeshParts.GatewayFact eastWest;
        TrustFact trust = new TrustFact(TrustFact.Source.CACERTS, ROOT, "int-fp", true, ROOT);
        int nextIp = 10;

        Cluster(String name, String network) {
            this.name = name;
            this.network = network;
        }

        String podNet() {
            return name.equals("cluster1") ? "10.244.0." : name.equals("cluster2") ? "10.245.0." : "10.246.0.";
        }

        public Cluster pod(String ns, String app, boolean sidecar, boolean ready) {
            String ip = podNet() + nextIp++;
            String podName = app + "-abc" + nextIp;
            pods.add(new PodFact(ns, podName, ready ? (sidecar ? 2 : 1) : 0, sidecar ? 2 : 1, ready ? "Running" : "CrashLoopBackOff", 0,
                    sidecar, sidecar ? network : null, ip, name + "-worker", Map.of("app", app), Instant.EPOCH));
            if (services.stream().anyMatch(s -> s.namespace().equals(ns) && s.name().equals(app))) {
                endpoints.add(new EndpointFact(ns, app, ip, ready, podName, name + "-worker"));
            }
            return this;
        }

        public Cluster service(String ns, String name, int... ports) {
            List<ServiceFact.PortFact> ps = new ArrayList<>();
            for (int p : ports) {
                ps.add(new ServiceFact.PortFact(p >= 9000 ? "grpc" : "http", p, String.valueOf(p), "TCP", 0));
            }
            services.add(new ServiceFact(ns, name, "ClusterIP", "10.96.0." + (services.size() + 10), Map.of("app", name), ps,
                    Map.of(), List.of(), List.of()));
            return this;
        }

        public Cluster headless(String ns, String name, int port) {
            services.add(new ServiceFact(ns, name, "ClusterIP", "None", Map.of("app", name),
                    List.of(new ServiceFact.PortFact("tcp", port, String.valueOf(port), "TCP", 0)), Map.of(), List.of(), List.of()));
            return this;
        }

        public Cluster eastWest(String ip) {
            Map<String, String> labels = new HashMap<>(Map.of(NamespaceFact.NETWORK, network, "istio", "eastwestgateway"));
            services.removeIf(s -> s.name().equals("istio-eastwestgateway"));
            var ports = List.of(new ServiceFact.PortFact("tls", 15443, "15443", "TCP", 0));
            services.add(new ServiceFact("istio-system", "istio-eastwestgateway", "LoadBalancer", "10.96.1.1", Map.of(), ports,
                    labels, ip == null ? List.of() : List.of(ip), List.of()));
            eastWest = new MeshParts.GatewayFact("istio-eastwestgateway", "LoadBalancer", network,
                    ip == null ? List.of() : List.of(ip), ports, 1, 1);
            return this;
        }

        public Cluster passthrough() {
            gateways.add(new IstioGatewayFact("istio-system", "cross-network-gateway", Map.of("istio", "eastwestgateway"),
                    List.of(new IstioGatewayFact.Server(15443, "tls", "TLS", List.of("*.local"), "AUTO_PASSTHROUGH"))));
            return this;
        }

        public Cluster discovers(String other, MeshParts.Sync sync) {
            discovery.add(new MeshParts.DiscoveryFact(other, false, "istio-system/istio-remote-secret-" + other, sync, "", 6, List.of()));
            secrets.add(new MeshParts.RemoteSecretFact("istio-remote-secret-" + other, other, "https://172.18.0.3:6443", false, true, null));
            return this;
        }

        public Cluster edit(UnaryOperator<Cluster> f) {
            return f.apply(this);
        }

        public Cluster trust(TrustFact t) {
            this.trust = t;
            return this;
        }

        public Cluster namespace(String ns, Map<String, String> labels) {
            namespaces.removeIf(n -> n.name().equals(ns));
            namespaces.add(new NamespaceFact(ns, labels));
            return this;
        }

        public Cluster withoutPodNetworkLabels() {
            pods.replaceAll(p -> new PodFact(p.namespace(), p.name(), p.readyContainers(), p.containers(), p.status(), p.restarts(),
                    p.sidecar(), null, p.ip(), p.node(), p.labels(), p.created()));
            return this;
        }

        public Cluster istiod(MeshParts.IstiodFact f) {
            this.istiod = f;
            return this;
        }

        public Cluster gatewayPods(int ready) {
            eastWest = new MeshParts.GatewayFact(eastWest.name(), eastWest.serviceType(), eastWest.network(), eastWest.addresses(),
                    eastWest.ports(), 1, ready);
            return this;
        }

        public Cluster subnet(String s) {
            this.subnet = s;
            return this;
        }

        ClusterFacts build() {
            MeshParts parts = new MeshParts(istiod, null, eastWest, trust, secrets, discoveryWithLocal(), null);
            return new ClusterFacts(name, "kind-" + name, network, Reach.OK, subnet, null,
                    List.of(new NodeFact(name + "-worker", true, List.of(), null, false)), namespaces, pods, services, endpoints,
                    List.of(), gateways, List.of(), parts, List.of());
        }

        private List<MeshParts.DiscoveryFact> discoveryWithLocal() {
            List<MeshParts.DiscoveryFact> all = new ArrayList<>();
            all.add(new MeshParts.DiscoveryFact(name, true, "", MeshParts.Sync.SYNCED, "", -1, List.of()));
            all.addAll(discovery);
            return all;
        }
    }

    public Cluster cluster(String name, String network) {
        Cluster c = new Cluster(name, network);
        c.namespace("istio-system", Map.of(NamespaceFact.NETWORK, network));
        c.namespace("simple-buy", Map.of(NamespaceFact.INJECTION, "enabled"));
        clusters.put(name, c);
        return c;
    }

    public Cluster get(String name) {
        return clusters.get(name);
    }

    public MeshModel model() {
        return new MeshModel(clusters.values().stream().map(Cluster::build).toList());
    }

    /** The workshop at its end: cart in cluster1, product only in cluster2, each cluster linked to the other. */
    public static HandBuiltMesh workshop() {
        HandBuiltMesh m = new HandBuiltMesh();
        m.cluster("cluster1", "network1").service("simple-buy", "cart", 8083, 9083).pod("simple-buy", "cart", true, true)
                .service("simple-buy", "product", 8082, 9082).eastWest("172.18.255.2").passthrough()
                .discovers("cluster2", MeshParts.Sync.SYNCED);
        m.cluster("cluster2", "network2").service("simple-buy", "product", 8082, 9082).pod("simple-buy", "product", true, true)
                .eastWest("172.18.255.102").passthrough().discovers("cluster1", MeshParts.Sync.SYNCED);
        return m;
    }

    public static PodFact cart(MeshModel m) {
        return m.cluster("cluster1").orElseThrow().podsIn("simple-buy").stream().filter(p -> p.name().startsWith("cart-")).findFirst()
                .orElseThrow();
    }
}
