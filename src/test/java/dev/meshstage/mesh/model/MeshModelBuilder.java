package dev.meshstage.mesh.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Hand-built models for tests that need no cluster, whose parts tests then break one at a time:
 * {@link #workshop()} is a small healthy two-cluster mesh in the workshop's shape with every step's parts (cart and
 * redis in cluster1 calling product and postgres; product in cluster2 calling postgres, through stub Services);
 * {@link #routing()} the least a request from cart (cluster1) to product (cluster2) needs, for the routing rule.
 */
public final class MeshModelBuilder {

    public static final String APP = "simple-buy";
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final Map<String, ClusterBuilder> clusters = new LinkedHashMap<>();

    public static final String ROOT = "root-fp";

    public ClusterBuilder cluster(String name) {
        return clusters.computeIfAbsent(name, n -> new ClusterBuilder(n, "network" + n.replaceAll("\\D", "")));
    }

    /**
     * A mesh member with only what routing needs: a node, istiod ready, one root ({@link #ROOT}), istio-system on its
     * network, injection in the app's namespace, and istiod's view of its own cluster.
     */
    public ClusterBuilder cluster(String name, String network) {
        ClusterBuilder c = new ClusterBuilder(name, network);
        c.nodes.add(new NodeFact(name + "-worker", true, List.of(), null, false));
        c.istiod = new MeshParts.IstiodFact(1, 1, "docker.io/istio/pilot:1.28.3");
        c.trust = new TrustFact(TrustFact.Source.CACERTS, ROOT, "int-fp", true, ROOT);
        c.localDiscovery = true;
        c.namespace("istio-system", Map.of(NamespaceFact.NETWORK, network));
        c.namespace(APP, Map.of(NamespaceFact.INJECTION, "enabled"));
        clusters.put(name, c);
        return c;
    }

    /** The workshop at its end for the routing rule: cart in cluster1, product only in cluster2, each linked to the other. */
    public static MeshModelBuilder routing() {
        MeshModelBuilder m = new MeshModelBuilder();
        m.cluster("cluster1", "network1").service(APP, "cart", 8083, 9083).pod(APP, "cart", true, true)
                .service(APP, "product", 8082, 9082).eastWest("172.18.255.2").passthrough()
                .discovers("cluster2", MeshParts.Sync.SYNCED);
        m.cluster("cluster2", "network2").service(APP, "product", 8082, 9082).pod(APP, "product", true, true)
                .eastWest("172.18.255.102").passthrough().discovers("cluster1", MeshParts.Sync.SYNCED);
        return m;
    }

    /** cart's pod in cluster1. */
    public static PodFact cart(MeshModel m) {
        return m.cluster("cluster1").orElseThrow().podsIn(APP).stream().filter(p -> p.name().startsWith("cart-")).findFirst()
                .orElseThrow();
    }

    public MeshModel build() {
        return new MeshModel(clusters.values().stream().map(ClusterBuilder::build).toList());
    }

    /** Two clusters with the whole workshop done and healthy. */
    public static MeshModelBuilder workshop() {
        MeshModelBuilder m = new MeshModelBuilder();
        ClusterBuilder c1 = m.cluster("cluster1").meshed(1, "ROOT", "CA1");
        c1.app("cart", "10.244.1.10", false);
        c1.app("redis", "10.244.1.11", true);
        c1.app("postgres", "10.244.1.12", false);
        c1.stub("product");
        ClusterBuilder c2 = m.cluster("cluster2").meshed(2, "ROOT", "CA2");
        c2.app("product", "10.245.1.10", false);
        c2.stub("postgres");
        c1.remoteSecret("cluster2", c2.peerApiServer);
        c2.remoteSecret("cluster1", c1.peerApiServer);
        c1.virtualServices.add(new VirtualServiceFact(APP, "simple-buy-routes", List.of("simple-buy-gateway"), List.of("*"),
                List.of(new VirtualServiceFact.HttpRoute(null, List.of("prefix:/api/products"), "product." + APP + ".svc.cluster.local", 8082),
                        new VirtualServiceFact.HttpRoute(null, List.of("prefix:/api/cart"), "cart." + APP + ".svc.cluster.local", 8083))));
        return m;
    }

    /** One cluster's facts as mutable parts; {@link #build} freezes them. */
    public static final class ClusterBuilder {
        public final String name;
        public String network;
        public Reach reach = Reach.OK;
        public String nodeSubnet = "172.18.0.0/16";
        public String peerApiServer;
        public final List<NodeFact> nodes = new ArrayList<>();
        public final List<NamespaceFact> namespaces = new ArrayList<>();
        public final List<PodFact> pods = new ArrayList<>();
        public final List<ServiceFact> services = new ArrayList<>();
        public final List<EndpointFact> endpoints = new ArrayList<>();
        public final List<WorkloadFact> workloads = new ArrayList<>();
        public final List<IstioGatewayFact> istioGateways = new ArrayList<>();
        public final List<VirtualServiceFact> virtualServices = new ArrayList<>();
        public final List<EventFact> warnings = new ArrayList<>();
        public MeshParts.IstiodFact istiod;
        public MeshParts.GatewayFact ingressGateway;
        public MeshParts.GatewayFact eastWestGateway;
        public TrustFact trust = TrustFact.NONE;
        public final List<MeshParts.RemoteSecretFact> remoteSecrets = new ArrayList<>();
        public final List<MeshParts.DiscoveryFact> discovery = new ArrayList<>();
        public MeshParts.MetalLbFact metallb;
        /** istiod's view of its own cluster is added first when built (tests may clear {@link #discovery}). */
        boolean localDiscovery;
        private int nextIp = 10;

        ClusterBuilder(String name, String network) {
            this.name = name;
            this.network = network;
        }

        public ClusterFacts build() {
            if (!reach.ok()) {
                return ClusterFacts.unreachable(name, "kind-" + name, network, reach);
            }
            List<MeshParts.DiscoveryFact> seen = new ArrayList<>();
            if (localDiscovery && discovery.stream().noneMatch(MeshParts.DiscoveryFact::local)) {
                seen.add(new MeshParts.DiscoveryFact(name, true, "", MeshParts.Sync.SYNCED, "", -1, List.of()));
            }
            seen.addAll(discovery);
            return new ClusterFacts(name, "kind-" + name, network, reach, nodeSubnet, peerApiServer, nodes, namespaces, pods,
                    services, endpoints, workloads, istioGateways, virtualServices,
                    new MeshParts(istiod, ingressGateway, eastWestGateway, trust, remoteSecrets, seen, metallb), warnings);
        }

        /** Nodes, MetalLB, Istio with its gateways and the app namespace, as the workshop's steps leave cluster {@code n}. */
        public ClusterBuilder meshed(int n, String root, String intermediate) {
            peerApiServer = "https://127.0.0.1:" + (6442 + n);
            nodes.add(new NodeFact(name + "-control-plane", true, List.of("control-plane"), "172.18.0." + (n * 10), true));
            nodes.add(new NodeFact(name + "-worker", true, List.of(), "172.18.0." + (n * 10 + 1), false));
            nodes.add(new NodeFact(name + "-worker2", true, List.of(), "172.18.0." + (n * 10 + 2), false));
            namespaces.add(new NamespaceFact("istio-system", Map.of(NamespaceFact.NETWORK, network)));
            namespaces.add(new NamespaceFact("metallb-system", Map.of()));
            namespaces.add(new NamespaceFact(APP, Map.of(NamespaceFact.INJECTION, "enabled")));
            String range = "172.18.255." + (n == 1 ? "1-172.18.255.100" : "101-172.18.255.200");
            metallb = new MeshParts.MetalLbFact(true, 3, 3, List.of(new MeshParts.PoolFact("first-pool", List.of(range))));
            istiod = new MeshParts.IstiodFact(1, 1, "docker.io/istio/pilot:1.28.3");
            trust = new TrustFact(TrustFact.Source.CACERTS, root, intermediate, true, root);
            ingressGateway = new MeshParts.GatewayFact("istio-ingressgateway", "NodePort", null, List.of(),
                    List.of(new ServiceFact.PortFact("http2", 80, "8080", "TCP", 30000)), 1, 1);
            String ewIp = "172.18.255." + (n == 1 ? 1 : 101);
            List<ServiceFact.PortFact> ewPorts = List.of(new ServiceFact.PortFact("status-port", 15021, "15021", "TCP", 0),
                    new ServiceFact.PortFact("tls", 15443, "15443", "TCP", 0));
            eastWestGateway = new MeshParts.GatewayFact("istio-eastwestgateway", "LoadBalancer", network, List.of(ewIp), ewPorts, 1, 1);
            services.add(new ServiceFact("istio-system", "istio-eastwestgateway", "LoadBalancer", "10.96.0.20",
                    Map.of("istio", "eastwestgateway"), ewPorts, Map.of(NamespaceFact.NETWORK, network), List.of(ewIp), List.of()));
            pods.add(new PodFact("istio-system", "istio-eastwestgateway-abc", 1, 1, "Running", 0, false, network, "10.24" + (3 + n) + ".0.5",
                    name + "-worker", Map.of("app", "istio-eastwestgateway", "istio", "eastwestgateway", NamespaceFact.NETWORK, network), T0));
            pods.add(new PodFact("istio-system", "istiod-abc", 1, 1, "Running", 0, false, null, "10.24" + (3 + n) + ".0.4",
                    name + "-worker", Map.of("app", "istiod"), T0));
            istioGateways.add(new IstioGatewayFact("istio-system", "cross-network-gateway", Map.of("istio", "eastwestgateway"),
                    List.of(new IstioGatewayFact.Server(15443, "tls", "TLS", List.of("*.local"), "AUTO_PASSTHROUGH"))));
            discovery.add(new MeshParts.DiscoveryFact(name, true, "", MeshParts.Sync.SYNCED, "", 20, List.of()));
            return this;
        }

        /** A workload of the app with its Service, one ready pod with a sidecar and its endpoint. */
        public ClusterBuilder app(String workload, String ip, boolean headless) {
            Map<String, String> selector = Map.of("app", workload);
            workloads.add(new WorkloadFact(WorkloadFact.Kind.DEPLOYMENT, APP, workload, 1, 1, 1, List.of(workload),
                    List.of("sayedimran/simple-buy-" + workload + ":v1.0.0"), selector, Map.of()));
            services.add(new ServiceFact(APP, workload, "ClusterIP", headless ? "None" : "10.96.1." + services.size(), selector,
                    List.of(new ServiceFact.PortFact("http", 8080, "8080", "TCP", 0)), Map.of(), List.of(), List.of()));
            String pod = workload + "-7d9f-x1";
            pods.add(new PodFact(APP, pod, 2, 2, "Running", 0, true, network, ip, name + "-worker", selector, T0));
            endpoints.add(new EndpointFact(APP, workload, ip, true, pod, name + "-worker"));
            return this;
        }

        /** A Service with no pods behind it here: its name resolves, its endpoints are in another cluster. */
        public ClusterBuilder stub(String service) {
            services.add(new ServiceFact(APP, service, "ClusterIP", "10.96.2." + services.size(), Map.of("app", service),
                    List.of(new ServiceFact.PortFact("http", 8080, "8080", "TCP", 0)), Map.of(), List.of(), List.of()));
            return this;
        }

        public ClusterBuilder remoteSecret(String cluster, String server) {
            remoteSecrets.add(new MeshParts.RemoteSecretFact("istio-remote-secret-" + cluster, cluster, server,
                    server != null && server.contains("127.0.0.1"), true, null));
            discovery.add(new MeshParts.DiscoveryFact(cluster, false, "istio-system/istio-remote-secret-" + cluster,
                    MeshParts.Sync.SYNCED, "", 20, List.of()));
            return this;
        }

        // ------------------------------------------------------------------ parts one at a time (routing)

        private String podNet() {
            return name.equals("cluster1") ? "10.244.0." : name.equals("cluster2") ? "10.245.0." : "10.246.0.";
        }

        /** A pod of {@code app} (ready 2/2 with a sidecar, or CrashLoopBackOff), and its endpoint if its Service exists. */
        public ClusterBuilder pod(String ns, String app, boolean sidecar, boolean ready) {
            String ip = podNet() + nextIp++;
            String podName = app + "-abc" + nextIp;
            pods.add(new PodFact(ns, podName, ready ? (sidecar ? 2 : 1) : 0, sidecar ? 2 : 1, ready ? "Running" : "CrashLoopBackOff", 0,
                    sidecar, sidecar ? network : null, ip, name + "-worker", Map.of("app", app), Instant.EPOCH));
            if (services.stream().anyMatch(s -> s.namespace().equals(ns) && s.name().equals(app))) {
                endpoints.add(new EndpointFact(ns, app, ip, ready, podName, name + "-worker"));
            }
            return this;
        }

        /** A ClusterIP Service selecting {@code app=name}; ports from 9000 are gRPC, the others HTTP. */
        public ClusterBuilder service(String ns, String name, int... ports) {
            List<ServiceFact.PortFact> ps = new ArrayList<>();
            for (int p : ports) {
                ps.add(new ServiceFact.PortFact(p >= 9000 ? "grpc" : "http", p, String.valueOf(p), "TCP", 0));
            }
            services.add(new ServiceFact(ns, name, "ClusterIP", "10.96.0." + (services.size() + 10), Map.of("app", name), ps,
                    Map.of(), List.of(), List.of()));
            return this;
        }

        public ClusterBuilder headless(String ns, String name, int port) {
            services.add(new ServiceFact(ns, name, "ClusterIP", "None", Map.of("app", name),
                    List.of(new ServiceFact.PortFact("tcp", port, String.valueOf(port), "TCP", 0)), Map.of(), List.of(), List.of()));
            return this;
        }

        /** The east-west gateway's Service and parts, on {@code ip} (null: its address pending). */
        public ClusterBuilder eastWest(String ip) {
            Map<String, String> labels = new HashMap<>(Map.of(NamespaceFact.NETWORK, network, "istio", "eastwestgateway"));
            services.removeIf(s -> s.name().equals("istio-eastwestgateway"));
            var ports = List.of(new ServiceFact.PortFact("tls", 15443, "15443", "TCP", 0));
            services.add(new ServiceFact("istio-system", "istio-eastwestgateway", "LoadBalancer", "10.96.1.1", Map.of(), ports,
                    labels, ip == null ? List.of() : List.of(ip), List.of()));
            eastWestGateway = new MeshParts.GatewayFact("istio-eastwestgateway", "LoadBalancer", network,
                    ip == null ? List.of() : List.of(ip), ports, 1, 1);
            return this;
        }

        /** The cross-network Gateway: AUTO_PASSTHROUGH on 15443. */
        public ClusterBuilder passthrough() {
            istioGateways.add(new IstioGatewayFact("istio-system", "cross-network-gateway", Map.of("istio", "eastwestgateway"),
                    List.of(new IstioGatewayFact.Server(15443, "tls", "TLS", List.of("*.local"), "AUTO_PASSTHROUGH"))));
            return this;
        }

        /** A remote secret for {@code other}, and what istiod says of it. */
        public ClusterBuilder discovers(String other, MeshParts.Sync sync) {
            discovery.add(new MeshParts.DiscoveryFact(other, false, "istio-system/istio-remote-secret-" + other, sync, "", 6, List.of()));
            remoteSecrets.add(new MeshParts.RemoteSecretFact("istio-remote-secret-" + other, other, "https://172.18.0.3:6443", false,
                    true, null));
            return this;
        }

        public ClusterBuilder trust(TrustFact t) {
            this.trust = t;
            return this;
        }

        public ClusterBuilder namespace(String ns, Map<String, String> labels) {
            namespaces.removeIf(n -> n.name().equals(ns));
            namespaces.add(new NamespaceFact(ns, labels));
            return this;
        }

        public ClusterBuilder withoutPodNetworkLabels() {
            pods.replaceAll(p -> network(p, null));
            return this;
        }

        public ClusterBuilder istiod(MeshParts.IstiodFact f) {
            this.istiod = f;
            return this;
        }

        public ClusterBuilder gatewayPods(int ready) {
            eastWestGateway = gateway(eastWestGateway, eastWestGateway.network(), eastWestGateway.addresses(),
                    eastWestGateway.ports(), 1, ready);
            return this;
        }

        public ClusterBuilder subnet(String s) {
            this.nodeSubnet = s;
            return this;
        }

        // ------------------------------------------------------------------ breaking things

        public ClusterBuilder pod(String prefix, UnaryOperator<PodFact> change) {
            pods.replaceAll(p -> p.name().startsWith(prefix) ? change.apply(p) : p);
            return this;
        }

        public ClusterBuilder service(String name, UnaryOperator<ServiceFact> change) {
            services.replaceAll(s -> s.name().equals(name) ? change.apply(s) : s);
            return this;
        }

        public ClusterBuilder workload(String name, UnaryOperator<WorkloadFact> change) {
            workloads.replaceAll(w -> w.name().equals(name) ? change.apply(w) : w);
            return this;
        }

        public ClusterBuilder namespaceLabels(String namespace, Map<String, String> labels) {
            namespaces.replaceAll(n -> n.name().equals(namespace) ? new NamespaceFact(namespace, labels) : n);
            return this;
        }

        /** Removes a workload and everything of it: pods, endpoints (its Service stays, as after a scale to 0). */
        public ClusterBuilder scaleToZero(String workload) {
            workload(workload, w -> new WorkloadFact(w.kind(), w.namespace(), w.name(), 0, 0, 0, w.containers(), w.images(),
                    w.selector(), w.templateAnnotations()));
            pods.removeIf(p -> p.namespace().equals(APP) && p.name().startsWith(workload + "-"));
            endpoints.removeIf(e -> e.service().equals(workload));
            return this;
        }
    }

    // ------------------------------------------------------------------ record copies with one field changed

    public static PodFact status(PodFact p, String status, int ready) {
        return new PodFact(p.namespace(), p.name(), ready, p.containers(), status, p.restarts(), p.sidecar(), p.network(),
                p.ip(), p.node(), p.labels(), p.created());
    }

    public static PodFact withoutSidecar(PodFact p) {
        Map<String, String> labels = new HashMap<>(p.labels());
        labels.remove(NamespaceFact.NETWORK);
        return new PodFact(p.namespace(), p.name(), 1, 1, p.status(), p.restarts(), false, null, p.ip(), p.node(), labels,
                p.created());
    }

    public static PodFact network(PodFact p, String network) {
        Map<String, String> labels = new HashMap<>(p.labels());
        if (network == null) {
            labels.remove(NamespaceFact.NETWORK);
        } else {
            labels.put(NamespaceFact.NETWORK, network);
        }
        return new PodFact(p.namespace(), p.name(), p.readyContainers(), p.containers(), p.status(), p.restarts(), p.sidecar(),
                network, p.ip(), p.node(), labels, p.created());
    }

    public static ServiceFact headless(ServiceFact s) {
        return new ServiceFact(s.namespace(), s.name(), s.type(), "None", s.selector(), s.ports(), s.labels(),
                s.loadBalancerIps(), s.externalIps());
    }

    public static MeshParts.GatewayFact gateway(MeshParts.GatewayFact g, String network, List<String> addresses,
            List<ServiceFact.PortFact> ports, int desired, int ready) {
        return new MeshParts.GatewayFact(g.name(), g.serviceType(), network, addresses, ports, desired, ready);
    }
}
