package dev.meshstage.mesh.doctor;

import dev.meshstage.mesh.model.IstioGatewayFact;
import dev.meshstage.mesh.model.MeshModelBuilder;
import dev.meshstage.mesh.model.MeshParts;
import dev.meshstage.mesh.model.NamespaceFact;
import dev.meshstage.mesh.model.NodeFact;
import dev.meshstage.mesh.model.Reach;
import dev.meshstage.mesh.model.ServiceFact;
import dev.meshstage.mesh.model.TrustFact;
import dev.meshstage.mesh.model.VirtualServiceFact;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.meshstage.mesh.model.MeshModelBuilder.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every check on hand-built models: the healthy workshop passes them all, and each single breakage fails (or warns)
 * exactly the checks that explain it, with a hint that names the fix.
 */
class ChecksTest {

    /** One breakage: what is changed, the checks it must fail and warn, and a word the failing hint must hold. */
    record Case(String name, BiConsumer<MeshModelBuilder, Plans> breakage, Set<String> fails, Set<String> warns, String hint,
            String backend, List<ToolFact> tools) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case fails(String name, String hint, BiConsumer<MeshModelBuilder, Plans> breakage, String... ids) {
        return new Case(name, breakage, Set.of(ids), Set.of(), hint, "sim", List.of());
    }

    static Case warns(String name, String hint, BiConsumer<MeshModelBuilder, Plans> breakage, String... ids) {
        return new Case(name, breakage, Set.of(), Set.of(ids), hint, "sim", List.of());
    }

    static Case onKind(Case c, List<ToolFact> tools) {
        return new Case(c.name(), c.breakage(), c.fails(), c.warns(), c.hint(), "kind", tools);
    }

    static DoctorReport examine(MeshModelBuilder m, Plans p, String backend, List<ToolFact> tools) {
        return Doctor.examine(new DoctorInput(m.build(), p.build(), backend, tools));
    }

    static Set<String> ids(List<CheckResult> results) {
        return results.stream().map(CheckResult::id).collect(Collectors.toSet());
    }

    @Test
    void theHealthyWorkshopPassesEveryCheck() {
        DoctorReport report = examine(MeshModelBuilder.workshop(), new Plans(), "sim", List.of());
        assertThat(report.checks()).allSatisfy(c -> assertThat(c.verdict()).as(c.id() + " " + c.reasons()).isEqualTo(Verdict.OK));
        assertThat(report.ok()).isTrue();
    }

    @Test
    void theRegistryHasTwentyFourChecksOrMoreUnderEveryHeading() {
        assertThat(Doctor.CHECKS).hasSizeGreaterThanOrEqualTo(24);
        assertThat(Doctor.CHECKS.stream().map(Check::id).distinct()).hasSize(Doctor.CHECKS.size());
        assertThat(Doctor.CHECKS.stream().map(Check::category).collect(Collectors.toSet())).containsExactlyInAnyOrder(Category.values());
        // headings come in order, each once
        List<Category> order = Doctor.CHECKS.stream().map(Check::category).distinct().toList();
        assertThat(order).containsExactly(Category.values());
    }

    static Stream<Case> breakages() {
        return Stream.of(
                // tools and contexts
                onKind(fails("kind without istioctl", "istio.io", (m, p) -> { }, "backend-tools"),
                        List.of(new ToolFact("docker", true, "27.0", null, "get docker"),
                                new ToolFact("istioctl", false, "", null, "curl -L https://istio.io/downloadIstio | sh -"))),
                fails("cluster2 does not answer", "cluster create cluster2",
                        (m, p) -> m.cluster("cluster2").reach = Reach.failed("API server not reachable", null), "contexts"),
                // clusters
                fails("a worker not Ready", "kubectl describe node cluster1-worker", (m, p) -> m.cluster("cluster1").nodes
                        .replaceAll(n -> n.name().equals("cluster1-worker") ? new NodeFact(n.name(), false, n.roles(),
                                n.internalIp(), false) : n), "nodes-ready"),
                warns("workers commented out", "uncomment the worker nodes", (m, p) -> {
                    p.cluster1.workers = 0;
                    m.cluster("cluster1").nodes.removeIf(n -> n.name().contains("worker"));
                    m.cluster("cluster1").nodes.replaceAll(n -> new NodeFact(n.name(), true, n.roles(), n.internalIp(), false));
                }, "node-layout"),
                warns("a cluster made from another config", "cluster delete cluster2; cluster create cluster2",
                        (m, p) -> m.cluster("cluster2").nodes.removeIf(n -> n.name().endsWith("worker2")), "node-layout"),
                fails("both clusters on one pod subnet", "podSubnet", (m, p) -> p.cluster2.podSubnet = "10.244.0.0/16",
                        "subnets-distinct"),
                // load balancer
                fails("MetalLB missing", "lb install --cluster cluster2", (m, p) -> m.cluster("cluster2").metallb = null,
                        "metallb-ready"),
                fails("speakers not ready", "kubectl get pods -n metallb-system --context kind-cluster1",
                        (m, p) -> m.cluster("cluster1").metallb = new MeshParts.MetalLbFact(true, 1, 3,
                                m.cluster("cluster1").metallb.pools()), "metallb-ready"),
                fails("the committed 172.17 placeholder pool", "lb install --cluster cluster1",
                        (m, p) -> m.cluster("cluster1").metallb = new MeshParts.MetalLbFact(true, 3, 3,
                                List.of(new MeshParts.PoolFact("first-pool", List.of("172.17.255.1-172.17.255.100")))),
                        "metallb-pools"),
                fails("no pool", "lb install --cluster cluster2",
                        (m, p) -> m.cluster("cluster2").metallb = new MeshParts.MetalLbFact(true, 3, 3, List.of()), "metallb-pools"),
                fails("overlapping pools", "configs/metallb/", (m, p) -> m.cluster("cluster2").metallb = new MeshParts.MetalLbFact(
                        true, 3, 3, List.of(new MeshParts.PoolFact("first-pool", List.of("172.18.255.50-172.18.255.150")))),
                        "pools-disjoint"),
                fails("every node excluded from load balancers", "exclude-from-external-load-balancers-",
                        (m, p) -> m.cluster("cluster1").nodes.replaceAll(n -> new NodeFact(n.name(), true, n.roles(),
                                n.internalIp(), true)), "speaker-nodes"),
                fails("east-west gateway EXTERNAL-IP pending", "lb install --cluster cluster2", (m, p) -> {
                    var c = m.cluster("cluster2");
                    c.eastWestGateway = MeshModelBuilder.gateway(c.eastWestGateway, "network2", List.of(), c.eastWestGateway.ports(), 1, 1);
                    c.service("istio-eastwestgateway", s -> new ServiceFact(s.namespace(), s.name(), s.type(), s.clusterIp(),
                            s.selector(), s.ports(), s.labels(), List.of(), List.of()));
                }, "lb-addresses", "eastwest-address"),
                // trust
                fails("no CA yet", "mesh ca", (m, p) -> m.cluster("cluster2").trust = TrustFact.NONE, "ca-plugged"),
                warns("self-signed CAs copied between clusters", "mesh ca", (m, p) -> {
                    m.cluster("cluster1").trust = new TrustFact(TrustFact.Source.SELF_SIGNED, "ROOT", "ROOT", true, "ROOT");
                    m.cluster("cluster2").trust = new TrustFact(TrustFact.Source.SELF_SIGNED, "ROOT", "ROOT2", true, "ROOT");
                }, "ca-plugged"),
                fails("an intermediate not signed by its root", "mesh ca --rotate",
                        (m, p) -> m.cluster("cluster1").trust = new TrustFact(TrustFact.Source.CACERTS, "ROOT", "CA1", false, "ROOT"),
                        "ca-chain"),
                fails("a second root", "mesh ca --rotate",
                        (m, p) -> m.cluster("cluster2").trust = new TrustFact(TrustFact.Source.CACERTS, "OTHER", "CA2", true, "OTHER"),
                        "one-root"),
                warns("one intermediate for both", "mesh ca --rotate",
                        (m, p) -> m.cluster("cluster2").trust = new TrustFact(TrustFact.Source.CACERTS, "ROOT", "CA1", true, "ROOT"),
                        "intermediates-distinct"),
                fails("istiod not restarted after a new root", "kubectl rollout restart deployment/istiod",
                        (m, p) -> m.cluster("cluster2").trust = new TrustFact(TrustFact.Source.CACERTS, "ROOT", "CA2", true, "OLD"),
                        "root-published", "one-root"),
                // control plane
                fails("istiod missing", "mesh install --cluster cluster1", (m, p) -> m.cluster("cluster1").istiod = null,
                        "istiod-ready"),
                fails("istiod scaled to 0", "kubectl scale deployment/istiod",
                        (m, p) -> m.cluster("cluster1").istiod = new MeshParts.IstiodFact(0, 0, "pilot"), "istiod-ready"),
                fails("istio-system without its network label", "kubectl label namespace istio-system topology.istio.io/network=network2",
                        (m, p) -> m.cluster("cluster2").namespaceLabels("istio-system", Map.of()), "istio-system-network"),
                fails("istio-system on the wrong network", "--overwrite",
                        (m, p) -> m.cluster("cluster2").namespaceLabels("istio-system", Map.of(NamespaceFact.NETWORK, "network1")),
                        "istio-system-network"),
                fails("ingress gateway down", "kubectl describe deployment/istio-ingressgateway", (m, p) -> {
                    var c = m.cluster("cluster1");
                    c.ingressGateway = MeshModelBuilder.gateway(c.ingressGateway, null, List.of(), c.ingressGateway.ports(), 1, 0);
                }, "ingress-gateway"),
                // east-west
                fails("no east-west gateway", "mesh install --cluster cluster2", (m, p) -> {
                    var c = m.cluster("cluster2");
                    c.eastWestGateway = null;
                    c.services.removeIf(s -> s.name().equals("istio-eastwestgateway"));
                    c.pods.removeIf(pod -> pod.name().startsWith("istio-eastwestgateway"));
                }, "eastwest-ready"),
                fails("east-west gateway scaled to 0", "kubectl scale deployment/istio-eastwestgateway -n istio-system --replicas=1", (m, p) -> {
                    var c = m.cluster("cluster2");
                    c.eastWestGateway = MeshModelBuilder.gateway(c.eastWestGateway, "network2", c.eastWestGateway.addresses(),
                            c.eastWestGateway.ports(), 0, 0);
                    c.pods.removeIf(pod -> pod.name().startsWith("istio-eastwestgateway"));
                }, "eastwest-ready"),
                fails("east-west gateway as NodePort", "mesh install --cluster cluster2", (m, p) -> {
                    var c = m.cluster("cluster2");
                    var g = c.eastWestGateway;
                    c.eastWestGateway = new MeshParts.GatewayFact(g.name(), "NodePort", g.network(), List.of(), g.ports(), 1, 1);
                    c.service("istio-eastwestgateway", s -> new ServiceFact(s.namespace(), s.name(), "NodePort", s.clusterIp(),
                            s.selector(), s.ports(), s.labels(), List.of(), List.of()));
                }, "eastwest-address"),
                fails("east-west gateway behind a hostname", "IP", (m, p) -> {
                    var c = m.cluster("cluster2");
                    c.eastWestGateway = MeshModelBuilder.gateway(c.eastWestGateway, "network2", List.of("ew.example.com"),
                            c.eastWestGateway.ports(), 1, 1);
                }, "eastwest-address"),
                fails("east-west gateway without 15443", "mesh install --cluster cluster1", (m, p) -> {
                    var c = m.cluster("cluster1");
                    c.eastWestGateway = MeshModelBuilder.gateway(c.eastWestGateway, "network1", c.eastWestGateway.addresses(),
                            List.of(new ServiceFact.PortFact("status-port", 15021, "15021", "TCP", 0)), 1, 1);
                }, "eastwest-port"),
                fails("gateway Service without the network label", "kubectl label service istio-eastwestgateway", (m, p) -> {
                    var c = m.cluster("cluster1");
                    c.eastWestGateway = MeshModelBuilder.gateway(c.eastWestGateway, null, c.eastWestGateway.addresses(),
                            c.eastWestGateway.ports(), 1, 1);
                }, "eastwest-network"),
                fails("gateway pod on the wrong network", "mesh install --cluster cluster1",
                        (m, p) -> m.cluster("cluster1").pod("istio-eastwestgateway", pod -> MeshModelBuilder.network(pod, "network9")),
                        "eastwest-network"),
                fails("no cross-network Gateway", "configs/istio/expose-services.yaml",
                        (m, p) -> m.cluster("cluster2").istioGateways.clear(), "cross-network-gateway"),
                fails("cross-network Gateway terminating TLS", "expose-services.yaml", (m, p) -> m.cluster("cluster2").istioGateways
                        .replaceAll(g -> new IstioGatewayFact(g.namespace(), g.name(), g.selector(), List.of(
                                new IstioGatewayFact.Server(15443, "tls", "TLS", List.of("*.local"), "ISTIO_MUTUAL")))),
                        "cross-network-gateway"),
                // remote discovery
                fails("remote secret deleted", "mesh link", (m, p) -> {
                    var c = m.cluster("cluster1");
                    c.remoteSecrets.clear();
                    c.discovery.removeIf(d -> !d.local());
                }, "remote-secrets"),
                fails("a secret under the wrong data key", "kubectl delete secret istio-remote-secret-cluster2 -n istio-system"
                        + " --context kind-cluster1; mesh link", (m, p) -> {
                    var c = m.cluster("cluster1");
                    c.remoteSecrets.replaceAll(s -> new MeshParts.RemoteSecretFact(s.name(), "kind-cluster2", s.server(), s.loopback(),
                            true, null));
                    c.discovery.removeIf(d -> !d.local());
                }, "remote-secrets"),
                onKind(fails("a kind kubeconfig's 127.0.0.1 in the secret", "mesh link", (m, p) -> {
                    m.cluster("cluster2").peerApiServer = "https://172.18.0.3:6443";
                    m.cluster("cluster1").remoteSecrets.replaceAll(s -> new MeshParts.RemoteSecretFact(s.name(), s.cluster(),
                            "https://127.0.0.1:39123", true, true, null));
                }, "remote-servers"), List.of()),
                warns("a secret naming an old address", "mesh link",
                        (m, p) -> m.cluster("cluster2").peerApiServer = "https://127.0.0.1:7777", "remote-servers"),
                fails("an unreadable secret", "mesh link", (m, p) -> m.cluster("cluster1").remoteSecrets.replaceAll(s ->
                        new MeshParts.RemoteSecretFact(s.name(), s.cluster(), null, false, false, "no kubeconfig in the secret")),
                        "remote-servers"),
                fails("a secret without a token", "mesh link", (m, p) -> m.cluster("cluster2").remoteSecrets.replaceAll(s ->
                        new MeshParts.RemoteSecretFact(s.name(), s.cluster(), s.server(), s.loopback(), false, null)),
                        "remote-tokens"),
                fails("istiod timing out on the remote", "mesh link", (m, p) -> m.cluster("cluster1").discovery.replaceAll(d ->
                        d.local() ? d : new MeshParts.DiscoveryFact(d.cluster(), false, d.secret(), MeshParts.Sync.TIMEOUT,
                                "dial tcp: i/o timeout", -1, List.of())), "istiod-synced"),
                fails("istiod has not read the secret", "kubectl logs deployment/istiod",
                        (m, p) -> m.cluster("cluster2").discovery.removeIf(d -> !d.local()), "istiod-synced"),
                // workloads
                fails("app namespace without injection", "istio-injection=enabled",
                        (m, p) -> m.cluster("cluster2").namespaceLabels(MeshModelBuilder.APP, Map.of()), "injection"),
                fails("product restarted without a sidecar", "kubectl rollout restart deployment/product -n simple-buy --context kind-cluster2",
                        (m, p) -> m.cluster("cluster2").pod("product-", MeshModelBuilder::withoutSidecar), "sidecars", "endpoints"),
                fails("a pod on the wrong network", "kubectl rollout restart deployment/cart",
                        (m, p) -> m.cluster("cluster1").pod("cart-", pod -> MeshModelBuilder.network(pod, "network2")), "pod-networks"),
                fails("an image that cannot be pulled", "images preload --cluster cluster2", (m, p) -> {
                    var c = m.cluster("cluster2");
                    c.pod("product-", pod -> status(pod, "ImagePullBackOff", 0));
                    c.endpoints.replaceAll(e -> new dev.meshstage.mesh.model.EndpointFact(e.namespace(), e.service(), e.address(),
                            false, e.pod(), e.node()));
                }, "image-pulls", "endpoints"),
                fails("a crash loop", "kubectl describe pod cart-7d9f-x1 -n simple-buy --context kind-cluster1",
                        (m, p) -> m.cluster("cluster1").pod("cart-", pod -> status(pod, "CrashLoopBackOff", 1)), "pods-ready"),
                warns("a pod still starting", "kubectl describe pod",
                        (m, p) -> m.cluster("cluster1").pod("redis-", pod -> status(pod, "ContainerCreating", 0)), "pods-ready"),
                // application
                warns("cart not deployed", "app deploy", (m, p) -> {
                    var c = m.cluster("cluster1");
                    c.workloads.removeIf(w -> w.name().equals("cart"));
                    c.pods.removeIf(pod -> pod.name().startsWith("cart-"));
                    c.endpoints.removeIf(e -> e.service().equals("cart"));
                }, "app-deployed"),
                fails("the postgres stub deleted in cluster2", "app deploy --cluster cluster2",
                        (m, p) -> m.cluster("cluster2").services.removeIf(s -> s.name().equals("postgres")), "stub-services"),
                fails("no postgres stub anywhere for cluster2", "add a stub Service postgres", (m, p) -> {
                    m.cluster("cluster2").services.removeIf(s -> s.name().equals("postgres"));
                    p.cluster2.services.removeIf(s -> s.name().equals("postgres"));
                }, "stub-services", "manifest-stubs"),
                fails("postgres headless in cluster1", "make postgres a ClusterIP Service",
                        (m, p) -> m.cluster("cluster1").service("postgres", MeshModelBuilder::headless), "headless-cross-network"),
                fails("product scaled to 0", "kubectl scale deployment/product -n simple-buy --replicas=1 --context kind-cluster2",
                        (m, p) -> m.cluster("cluster2").scaleToZero("product"), "endpoints"),
                fails("a route to nowhere", "app deploy", (m, p) -> m.cluster("cluster1").virtualServices.replaceAll(v ->
                        new VirtualServiceFact(v.namespace(), v.name(), v.gateways(), v.hosts(), List.of(
                                new VirtualServiceFact.HttpRoute(null, List.of("prefix:/api/orders"), "order.simple-buy.svc.cluster.local", 8084)))),
                        "routes"),
                fails("cluster2-manifests without a Namespace", "add a Namespace simple-buy", (m, p) -> {
                    p.cluster2.namespace = null;
                    m.cluster("cluster2").namespaces.removeIf(n -> n.name().equals(MeshModelBuilder.APP));
                }, "manifest-namespace"),
                warns("a Namespace made by hand for manifests without one", "add a Namespace simple-buy",
                        (m, p) -> p.cluster2.namespace = null, "manifest-namespace"),
                fails("a manifest Namespace without injection", "istio-injection: enabled",
                        (m, p) -> p.cluster2.namespace = new WorkshopExpectations.ManifestNamespace(MeshModelBuilder.APP, false),
                        "manifest-namespace"),
                fails("cluster2-manifests without stubs", "add a stub Service postgres",
                        (m, p) -> p.cluster2.services.removeIf(s -> s.name().equals("postgres")), "manifest-stubs"),
                fails("a headless postgres in the manifests", "drop clusterIP: None",
                        (m, p) -> p.cluster1.service("postgres", true), "manifest-headless"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("breakages")
    void eachBreakageFailsExactlyTheChecksThatExplainIt(Case c) {
        MeshModelBuilder m = MeshModelBuilder.workshop();
        Plans p = new Plans();
        c.breakage().accept(m, p);
        DoctorReport report = examine(m, p, c.backend(), c.tools());
        assertThat(ids(report.failed())).as("failed").isEqualTo(c.fails());
        assertThat(ids(report.warned())).as("warned").isEqualTo(c.warns());
        assertThat(report.ok()).isEqualTo(c.fails().isEmpty());
        String telling = c.fails().isEmpty() ? c.warns().iterator().next() : c.fails().stream().sorted().findFirst().orElseThrow();
        CheckResult result = report.checks().stream().filter(r -> c.fails().isEmpty() ? c.warns().contains(r.id())
                : c.fails().contains(r.id())).filter(r -> r.hint() != null && r.hint().contains(c.hint())).findFirst().orElse(null);
        assertThat(result).as("a hint holding '" + c.hint() + "' among " + report.checks().stream()
                .filter(r -> r.verdict() != Verdict.OK).map(r -> r.id() + ": " + r.hint()).toList() + " (" + telling + ")").isNotNull();
        assertThat(result.reasons()).isNotEmpty().allSatisfy(r -> assertThat(r).isNotBlank());
    }

    @Test
    void aClusterFilterKeepsOnlyFindingsAboutThatClusterAndTheMesh() {
        MeshModelBuilder m = MeshModelBuilder.workshop();
        m.cluster("cluster2").istiod = null;
        m.cluster("cluster2").trust = new TrustFact(TrustFact.Source.CACERTS, "OTHER", "CA2", true, "OTHER");
        DoctorInput in = new DoctorInput(m.build(), new Plans().build(), "sim", List.of());
        assertThat(ids(Doctor.examine(in, "cluster1").failed())).containsExactly("one-root");
        assertThat(ids(Doctor.examine(in, "cluster2").failed())).containsExactlyInAnyOrder("one-root", "istiod-ready");
        assertThat(Doctor.examine(in, "cluster2").checks().stream().filter(r -> r.id().equals("istiod-ready")).findFirst()
                .orElseThrow().reasons()).containsExactly("cluster2: istiod is not installed");
    }

    @Test
    void nothingBuiltYetSaysWhatToDoFirstWithoutAFailureCascade() {
        MeshModelBuilder m = new MeshModelBuilder();
        m.cluster("cluster1").reach = Reach.failed("no kubeconfig: create the clusters first with 'cluster create'", null);
        m.cluster("cluster2").reach = Reach.failed("no kubeconfig: create the clusters first with 'cluster create'", null);
        DoctorReport report = examine(m, new Plans(), "sim", List.of());
        assertThat(ids(report.failed())).containsExactly("contexts");
        assertThat(report.checks().stream().filter(r -> r.verdict() == Verdict.OK).map(CheckResult::id))
                .allMatch(id -> Arrays.asList("backend-tools", "node-layout", "subnets-distinct", "manifest-namespace",
                        "manifest-stubs", "manifest-headless").contains(id));
    }
}
