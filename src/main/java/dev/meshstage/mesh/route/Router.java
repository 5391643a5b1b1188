package dev.meshstage.mesh.route;

import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.EndpointFact;
import dev.meshstage.mesh.model.IstioGatewayFact;
import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.model.MeshParts;
import dev.meshstage.mesh.model.PodFact;
import dev.meshstage.mesh.model.ServiceFact;
import dev.meshstage.mesh.route.Hop.Kind;
import dev.meshstage.mesh.route.Problem.Cause;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The one routing rule: the path a request takes from a pod to a Service, worked out from the model the way istiod
 * builds the caller's configuration and Envoy follows it (workshop reference §5). {@code trace} shows it; the sim's
 * data plane answers every request by it, so what trace says is what the sim does.
 *
 * <ol>
 * <li>DNS in the caller's cluster: the Service must exist there (Istio's DNS proxying is off in the workshop).
 *     A gateway proxy has no DNS step: it routes by istiod's registry of every cluster it reads.</li>
 * <li>The outbound cluster {@code outbound|PORT||HOST} and its endpoints (EDS, {@code EndpointsByNetworkFilter}):
 *     endpoints on the caller's network stay pod IPs; each other network's endpoints become one endpoint, that
 *     network's gateway {@code IP:15443}, weighted by how many endpoints it stands for; endpoints without a sidecar
 *     are dropped across networks; a network without a gateway address keeps its raw pod IPs (unreachable).</li>
 * <li>Across networks: mTLS to the gateway with SNI {@code outbound_.PORT_._.HOST}, its AUTO_PASSTHROUGH listener on
 *     15443, the destination pod and its sidecar, and both identities chaining to one root.</li>
 * </ol>
 */
public final class Router {

    static final int GATEWAY_PORT = 15443;
    static final String GATEWAY_PORT_LABEL = "networking.istio.io/gatewayPort";

    private Router() {
    }

    /** How the request enters the mesh: from an application container through its sidecar, or from a gateway proxy. */
    public enum Origin { SIDECAR, GATEWAY_PROXY }

    /**
     * The path from {@code from} (a pod of {@code fromCluster}) to port {@code port} of Service
     * {@code namespace/service}; {@code port} 0 takes the Service's first port (its gRPC port when it has one).
     */
    public static RoutePlan route(MeshModel model, String fromCluster, PodFact from, String namespace, String service, int port,
            Origin origin) {
        return route(model, fromCluster, from, namespace, service, port, origin, null);
    }

    /**
     * The path through one endpoint the caller's Envoy picked ({@code through}, one of the plan's endpoints), as the
     * sim's data plane sends each attempt; null picks as trace shows it: another network's gateway when there is one
     * (the interesting path), else a usable endpoint.
     */
    public static RoutePlan route(MeshModel model, String fromCluster, PodFact from, String namespace, String service, int port,
            Origin origin, Candidate through) {
        ClusterFacts caller = model.cluster(fromCluster).orElseThrow(() -> new IllegalArgumentException("no cluster " + fromCluster));
        String host = service + "." + namespace + ".svc.cluster.local";
        List<Hop> hops = new ArrayList<>();
        String callerNetwork = from == null ? caller.network() : caller.networkOf(from);

        // 1. the calling pod and its sidecar
        if (from == null) {
            hops.add(new Hop(fromCluster, callerNetwork, Kind.POD, null, "no pod",
                    new Problem(Cause.NO_CALLER, "no pod to send from in " + fromCluster, "app deploy --cluster " + fromCluster)));
            return new RoutePlan(fromCluster, null, host, port, null, null, hops, List.of());
        }
        hops.add(new Hop(fromCluster, callerNetwork, Kind.POD, from.ip(), from.namespace() + "/" + from.name(),
                from.ready() ? null : new Problem(Cause.CALLER_NOT_READY, from.name() + " is " + from.notReadyReason(),
                        "kubectl describe pod " + from.name() + " -n " + from.namespace() + " --context " + caller.context())));
        boolean sidecar = origin == Origin.GATEWAY_PROXY || from.sidecar();
        hops.add(new Hop(fromCluster, callerNetwork, Kind.SIDECAR, from.ip() == null ? null : from.ip() + ":15001",
                origin == Origin.GATEWAY_PROXY ? "gateway proxy" : sidecar ? "istio-proxy, network " + orNone(callerNetwork)
                        : "no sidecar: plain connection to the ClusterIP", null));

        // 2. DNS (sidecar callers) or the registry (gateway proxies)
        Optional<ServiceFact> local = caller.service(namespace, service);
        Optional<ServiceFact> known = local.isPresent() ? local : discovered(model, caller).stream()
                .map(c -> c.service(namespace, service)).flatMap(Optional::stream).findFirst();
        if (origin == Origin.SIDECAR) {
            hops.add(new Hop(fromCluster, callerNetwork, Kind.DNS, local.map(s -> s.headless() ? "headless" : s.clusterIp()).orElse(null),
                    local.map(s -> s.headless() ? "headless Service: pod IPs" : "ClusterIP of Service " + service).orElse("no Service " + service),
                    local.isPresent() ? null : new Problem(Cause.NAME_DOES_NOT_RESOLVE,
                            host + " does not resolve in " + fromCluster + ": no Service " + service + " in " + namespace
                                    + " there (Istio DNS proxying is off, so the name must exist in the caller's cluster)",
                            "add a stub Service " + service + " (selector only) to " + namespace + " in " + fromCluster)));
            if (local.isEmpty()) {
                return new RoutePlan(fromCluster, from.name(), host, port, null, null, hops, List.of());
            }
        } else if (known.isEmpty()) {
            hops.add(new Hop(fromCluster, callerNetwork, Kind.CLUSTER, null, host,
                    new Problem(Cause.NO_ROUTE, "no cluster of the mesh has a Service " + service + " in " + namespace,
                            "app deploy")));
            return new RoutePlan(fromCluster, from.name(), host, port, null, null, hops, List.of());
        }
        ServiceFact svc = known.get();
        int p = port != 0 ? port : defaultPort(svc);
        String outbound = "outbound|" + p + "||" + host;
        if (svc.port(p).isEmpty()) {
            hops.add(new Hop(fromCluster, callerNetwork, Kind.CLUSTER, null, outbound, new Problem(Cause.NO_SUCH_PORT,
                    "Service " + service + " has no port " + p + " (it has " + svc.ports().stream().map(x -> String.valueOf(x.port())).toList() + ")",
                    "trace … --port " + (svc.ports().isEmpty() ? "?" : svc.ports().get(0).port()))));
            return new RoutePlan(fromCluster, from.name(), host, p, outbound, null, hops, List.of());
        }
        ServiceFact.PortFact portFact = svc.port(p).orElseThrow();
        hops.add(new Hop(fromCluster, callerNetwork, Kind.CLUSTER, null, "port " + p
                + (portFact.name() == null ? "" : " (" + portFact.name() + ")") + ", EDS from istiod", null));

        // 3. endpoints after the network filter
        Eds eds = endpoints(model, caller, callerNetwork, namespace, service, svc, p, sidecar);
        Candidate chosen = through != null && eds.candidates.contains(through) ? through
                : eds.candidates.stream().filter(c -> c.via() == Candidate.Via.GATEWAY).findFirst()
                        .or(() -> eds.candidates.stream().filter(Candidate::usable).findFirst())
                        .orElse(eds.candidates.isEmpty() ? null : eds.candidates.get(0));
        if (chosen == null || !chosen.usable()) {
            Problem problem = eds.problem != null ? eds.problem
                    : chosen != null ? new Problem(Cause.REMOTE_POD_IPS, chosen.address() + " is a pod IP of " + chosen.cluster()
                            + ", which " + orNone(callerNetwork) + " cannot reach", "doctor (it names the missing network label)")
                    : new Problem(Cause.NO_ENDPOINTS, "no ready endpoint of " + service + " in any cluster " + fromCluster + " reads",
                            "app status");
            hops.add(new Hop(fromCluster, callerNetwork, Kind.ENDPOINT, chosen == null ? null : chosen.address(),
                    eds.candidates.size() + " endpoint(s)", problem));
            return new RoutePlan(fromCluster, from.name(), host, p, outbound, null, hops, eds.candidates);
        }
        hops.add(new Hop(fromCluster, callerNetwork, Kind.ENDPOINT, chosen.address(),
                chosen.via() == Candidate.Via.GATEWAY ? "gateway of " + chosen.network() + ", weight " + chosen.weight()
                        : "pod " + chosen.pods().get(0), null));

        ClusterFacts dest = model.cluster(chosen.cluster()).orElseThrow();
        String sni = null;
        if (chosen.via() == Candidate.Via.GATEWAY) {
            sni = "outbound_." + p + "_._." + host;
            if (!gatewayHops(hops, dest, chosen, sni, host)) {
                return new RoutePlan(fromCluster, from.name(), host, p, outbound, sni, hops, eds.candidates);
            }
        }
        // 4. the destination pod and the mutual TLS between the two sidecars
        PodFact target = dest.pod(namespace, chosen.pods().get(0)).orElse(null);
        String targetPort = svc.port(p).map(ServiceFact.PortFact::targetPort).orElse(String.valueOf(p));
        hops.add(new Hop(dest.name(), target == null ? chosen.network() : dest.networkOf(target), Kind.DESTINATION,
                target == null ? null : target.ip() + ":" + targetPort, target == null ? chosen.pods().get(0) : target.name(),
                target != null && target.ready() ? null : new Problem(Cause.DESTINATION_NOT_READY,
                        chosen.pods().get(0) + " in " + dest.name() + " is " + (target == null ? "gone" : target.notReadyReason()),
                        "app status")));
        if (target != null && target.ready()) {
            if (sidecar && target.sidecar()) {
                hops.add(mtls(caller, dest, target, callerNetwork));
            }
        }
        return new RoutePlan(fromCluster, from.name(), host, p, outbound, sni, hops, eds.candidates);
    }

    /**
     * The endpoints of {@code outbound|PORT||HOST} as the caller's istiod hands them to its proxy (EDS, after the
     * network filter) — what Envoy's admin lists — whether or not the name resolves in the caller's cluster (istiod
     * builds a cluster for every Service of every registry it reads). Empty when no registry has the Service or port.
     */
    public static List<Candidate> outboundEndpoints(MeshModel model, String fromCluster, PodFact from, String namespace,
            String service, int port, Origin origin) {
        ClusterFacts caller = model.cluster(fromCluster).orElseThrow(() -> new IllegalArgumentException("no cluster " + fromCluster));
        Optional<ServiceFact> svc = caller.service(namespace, service).or(() -> discovered(model, caller).stream()
                .map(c -> c.service(namespace, service)).flatMap(Optional::stream).findFirst());
        if (svc.isEmpty() || svc.get().port(port).isEmpty()) {
            return List.of();
        }
        String callerNetwork = from == null ? caller.network() : caller.networkOf(from);
        boolean sidecar = origin == Origin.GATEWAY_PROXY || from != null && from.sidecar();
        return endpoints(model, caller, callerNetwork, namespace, service, svc.get(), port, sidecar).candidates;
    }

    /** The caller's endpoints after the network filter, and why none is usable when none is. */
    private record Eds(List<Candidate> candidates, Problem problem) {
    }

    private static Eds endpoints(MeshModel model, ClusterFacts caller, String callerNetwork, String namespace, String service,
            ServiceFact svc, int port, boolean sidecar) {
        String targetPort = svc.port(port).map(ServiceFact.PortFact::targetPort).orElse(String.valueOf(port));
        List<Candidate> local = new ArrayList<>();
        List<Candidate> out = new ArrayList<>();
        Map<String, List<Member>> byNetwork = new LinkedHashMap<>();
        List<String> dropped = new ArrayList<>();
        List<String> undiscovered = new ArrayList<>();
        List<ClusterFacts> sources = new ArrayList<>();
        boolean unknownNetwork = false;
        sources.add(caller);
        if (sidecar) {
            sources.addAll(discovered(model, caller));
            for (ClusterFacts other : model.clusters()) {
                if (!other.name().equals(caller.name()) && !sources.contains(other)
                        && other.endpointsOf(namespace, service).stream().anyMatch(EndpointFact::ready)) {
                    undiscovered.add(other.name());
                }
            }
        }
        for (ClusterFacts c : sources) {
            boolean remoteCluster = c != caller;
            for (EndpointFact e : c.endpointsOf(namespace, service)) {
                if (!e.ready() || e.pod() == null) {
                    continue;
                }
                PodFact pod = c.pod(namespace, e.pod()).orElse(null);
                String network = pod == null ? c.namespace("istio-system").map(n -> n.network()).orElse(null) : c.networkOf(pod);
                boolean sameNetwork = callerNetwork == null || Objects.equals(network, callerNetwork);
                if (sameNetwork || !sidecar) {
                    if (!sidecar && remoteCluster) {
                        continue;
                    }
                    // a pod of another cluster is reachable directly only on a network both are known to share
                    boolean reachable = !remoteCluster || callerNetwork != null && callerNetwork.equals(network);
                    local.add(new Candidate(e.address() + ":" + targetPort, 1, c.name(), network,
                            reachable ? Candidate.Via.LOCAL_POD : Candidate.Via.REMOTE_POD_IP, List.of(e.pod()), reachable));
                    if (!reachable) {
                        unknownNetwork = true;
                    }
                } else if (pod != null && !pod.sidecar()) {
                    dropped.add(c.name() + "/" + e.pod());
                } else {
                    byNetwork.computeIfAbsent(network == null ? "" : network, k -> new ArrayList<>()).add(new Member(c, e));
                }
            }
        }
        out.addAll(local);
        Problem problem = null;
        for (var entry : byNetwork.entrySet()) {
            String network = entry.getKey();
            List<Member> members = entry.getValue();
            List<GatewayAddress> gateways = gatewaysOf(model, caller, network);
            if (svc.headless()) {
                // sidecars send headless Services ORIGINAL_DST: the pod IPs themselves, which the other network cannot route
                members.forEach(m -> out.add(new Candidate(m.endpoint.address() + ":" + targetPort, 1, m.cluster.name(), network,
                        Candidate.Via.REMOTE_POD_IP, List.of(m.endpoint.pod()), false)));
                problem = first(problem, new Problem(Cause.HEADLESS_ACROSS_NETWORKS, service + " is headless: sidecars connect to "
                        + "its pod IPs directly (ORIGINAL_DST), which " + network + " does not route from " + orNone(callerNetwork)
                        + " (istio/istio#38327)", "make " + service + " a ClusterIP Service (remove clusterIP: None) in every cluster"));
            } else if (gateways.isEmpty()) {
                members.forEach(m -> out.add(new Candidate(m.endpoint.address() + ":" + targetPort, 1, m.cluster.name(), network,
                        Candidate.Via.REMOTE_POD_IP, List.of(m.endpoint.pod()), false)));
                problem = first(problem, noGateway(model, caller, callerNetwork, network));
            } else {
                GatewayAddress gw = gateways.get(0);
                out.add(new Candidate(gw.address, members.size(), members.get(0).cluster.name(), network, Candidate.Via.GATEWAY,
                        members.stream().map(m -> m.endpoint.pod()).toList(), true));
            }
        }
        if (out.stream().noneMatch(Candidate::usable) && problem == null && unknownNetwork) {
            problem = new Problem(Cause.REMOTE_POD_IPS, "the caller's network is unknown (no topology.istio.io/network label on "
                    + "the pod or on istio-system in " + caller.name() + "), so istiod treats every endpoint as reachable and "
                    + "hands out remote pod IPs, which no route reaches",
                    "kubectl label namespace istio-system topology.istio.io/network=" + orNone(caller.network()) + " --context "
                            + caller.context() + ", then restart the workloads");
        }
        if (out.stream().noneMatch(Candidate::usable) && problem == null) {
            if (!dropped.isEmpty()) {
                problem = new Problem(Cause.REMOTE_ENDPOINTS_WITHOUT_SIDECAR, "the endpoints of " + service + " in another network ("
                        + String.join(", ", dropped) + ") have no sidecar, so istiod drops them (mTLS through the gateway needs one)",
                        "kubectl label namespace " + namespace + " istio-injection=enabled, then restart the workload there");
            } else if (!undiscovered.isEmpty()) {
                String other = undiscovered.get(0);
                problem = new Problem(Cause.REMOTE_NOT_DISCOVERED, service + " runs in " + other + ", but " + caller.name()
                        + "'s istiod does not read " + other + " (" + discoveryReason(caller, other) + ")", "mesh link");
            } else if (!sidecar && model.clusters().stream().anyMatch(c -> c != caller
                    && c.endpointsOf(namespace, service).stream().anyMatch(EndpointFact::ready))) {
                problem = new Problem(Cause.NO_SIDECAR_CROSS_NETWORK, "the caller has no sidecar, so only " + caller.name()
                        + "'s own pods of " + service + " are reachable, and it has none",
                        "kubectl label namespace " + namespace + " istio-injection=enabled, then restart the caller");
            }
        }
        return new Eds(out, problem);
    }

    private record Member(ClusterFacts cluster, EndpointFact endpoint) {
    }

    private record GatewayAddress(String cluster, String address) {
    }

    /** The gateways of a network, as the caller's istiod learns them from every registry it reads. */
    private static List<GatewayAddress> gatewaysOf(MeshModel model, ClusterFacts caller, String network) {
        List<GatewayAddress> out = new ArrayList<>();
        if (network.isEmpty()) {
            return out;
        }
        List<ClusterFacts> registries = new ArrayList<>();
        registries.add(caller);
        registries.addAll(discovered(model, caller));
        for (ClusterFacts c : registries) {
            for (ServiceFact s : c.services()) {
                if (!network.equals(s.network())) {
                    continue;
                }
                String port = s.labels().getOrDefault(GATEWAY_PORT_LABEL, String.valueOf(GATEWAY_PORT));
                List<String> addresses = !s.loadBalancerIps().isEmpty() ? s.loadBalancerIps() : s.externalIps();
                addresses.forEach(a -> out.add(new GatewayAddress(c.name(), a + ":" + port)));
            }
        }
        return out;
    }

    /** Why a network has no gateway address for the caller's istiod, and what gives it one. */
    private static Problem noGateway(MeshModel model, ClusterFacts caller, String callerNetwork, String network) {
        String handedOut = caller.name() + "'s istiod hands out its raw pod IPs, which " + orNone(callerNetwork) + " cannot reach";
        if (network.isEmpty()) {
            return new Problem(Cause.REMOTE_POD_IPS, "the remote pods have no network (no topology.istio.io/network label on them or "
                    + "on istio-system), so " + handedOut, "kubectl label namespace istio-system topology.istio.io/network=<network>");
        }
        for (ClusterFacts c : model.clusters()) {
            ServiceFact ew = c.service("istio-system", "istio-eastwestgateway").orElse(null);
            if (ew == null || !network.equals(c.network())) {
                continue;
            }
            if (ew.network() == null) {
                return new Problem(Cause.REMOTE_POD_IPS, "the east-west gateway Service of " + c.name() + " has no "
                        + "topology.istio.io/network label, so istiod does not take it for " + network + "'s gateway and " + handedOut,
                        "kubectl label svc istio-eastwestgateway -n istio-system topology.istio.io/network=" + network
                                + " --context " + c.context() + " (or mesh install)");
            }
            if (ew.loadBalancerIps().isEmpty() && ew.externalIps().isEmpty()) {
                return new Problem(Cause.REMOTE_POD_IPS, "the east-west gateway of " + c.name() + " has no address yet (EXTERNAL-IP "
                        + "<pending>), so " + handedOut, "lb install (MetalLB and its pool), then mesh install");
            }
        }
        return new Problem(Cause.REMOTE_POD_IPS, network + " has no gateway address, so " + handedOut,
                "give the east-west gateway of " + network + " an address: lb install (MetalLB pool) and mesh install");
    }

    /** The other clusters this cluster's istiod has synced. */
    public static List<ClusterFacts> discovered(MeshModel model, ClusterFacts caller) {
        List<ClusterFacts> out = new ArrayList<>();
        for (MeshParts.DiscoveryFact d : caller.mesh().discovery()) {
            if (!d.local() && d.synced()) {
                model.cluster(d.cluster()).filter(ClusterFacts::reachable).ifPresent(out::add);
            }
        }
        return out;
    }

    private static String discoveryReason(ClusterFacts caller, String other) {
        if (caller.mesh().istiod() == null || !caller.mesh().istiod().ready()) {
            return "istiod is not running in " + caller.name();
        }
        Optional<MeshParts.DiscoveryFact> d = caller.mesh().discoveryOf(other);
        if (d.isEmpty()) {
            return caller.mesh().remoteSecretFor(other).isPresent() ? "istiod has not read the remote secret"
                    : "no remote secret for " + other + " in istio-system";
        }
        return d.get().status().word() + (d.get().message().isEmpty() ? "" : ": " + d.get().message());
    }

    /** Gateway, listener: true when the request gets through to the destination network. */
    private static boolean gatewayHops(List<Hop> hops, ClusterFacts dest, Candidate chosen, String sni, String host) {
        MeshParts.GatewayFact gw = dest.mesh().eastWestGateway();
        String ip = chosen.address().substring(0, chosen.address().lastIndexOf(':'));
        Problem gwProblem = null;
        if (dest.nodeSubnet() != null && !Subnets.contains(dest.nodeSubnet(), ip)) {
            gwProblem = new Problem(Cause.GATEWAY_UNREACHABLE, ip + " is outside the node network " + dest.nodeSubnet()
                    + ": no node answers ARP for it, so connections to " + chosen.address() + " time out",
                    "move the MetalLB pool of " + dest.name() + " into " + dest.nodeSubnet() + " (lb install fits it)");
        } else if (gw == null || gw.podsReady() == 0) {
            gwProblem = new Problem(Cause.GATEWAY_NOT_READY, "the east-west gateway of " + dest.name() + " has no pod serving",
                    "kubectl scale deploy istio-eastwestgateway -n istio-system --replicas=1 --context " + dest.context());
        }
        hops.add(new Hop(dest.name(), chosen.network(), Kind.GATEWAY, chosen.address(), "istio-eastwestgateway, by SNI", gwProblem));
        if (gwProblem != null) {
            return false;
        }
        Optional<IstioGatewayFact.Server> passthrough = dest.istioGateways().stream()
                .filter(g -> "eastwestgateway".equals(g.selector().get("istio")))
                .flatMap(g -> g.servers().stream())
                .filter(s -> s.port() == GATEWAY_PORT && "AUTO_PASSTHROUGH".equals(s.tlsMode())
                        && s.hosts().stream().anyMatch(h -> hostMatches(h, host)))
                .findFirst();
        boolean listening = gw.hasPort(GATEWAY_PORT);
        Problem listener = !listening ? new Problem(Cause.NO_PASSTHROUGH_LISTENER, "the east-west gateway Service of " + dest.name()
                + " has no port 15443", "mesh install --cluster " + dest.name())
                : passthrough.isEmpty() ? new Problem(Cause.NO_PASSTHROUGH_LISTENER, dest.name() + " has no AUTO_PASSTHROUGH Gateway "
                        + "on 15443 for " + host + ", so the gateway has no filter chain for the SNI and closes the connection",
                        "kubectl apply -n istio-system -f configs/istio/expose-services.yaml --context " + dest.context()) : null;
        hops.add(new Hop(dest.name(), chosen.network(), Kind.LISTENER, "0.0.0.0:" + GATEWAY_PORT,
                passthrough.map(s -> "AUTO_PASSTHROUGH " + String.join(",", s.hosts())).orElse("no SNI filter chain"), listener));
        return listener == null;
    }

    /** Istio host matching: {@code *.local} matches any name ending in {@code .local}. */
    static boolean hostMatches(String pattern, String host) {
        String p = pattern.contains("/") ? pattern.substring(pattern.indexOf('/') + 1) : pattern;
        if (p.equals("*")) {
            return true;
        }
        if (p.startsWith("*.")) {
            return host.endsWith(p.substring(1));
        }
        return p.equals(host);
    }

    private static Hop mtls(ClusterFacts caller, ClusterFacts dest, PodFact target, String network) {
        String callerTrusts = caller.mesh().trust().trustedRoot();
        String destTrusts = dest.mesh().trust().trustedRoot();
        String callerSigns = caller.mesh().trust().rootFingerprint();
        String destSigns = dest.mesh().trust().rootFingerprint();
        boolean ok = callerTrusts != null && Objects.equals(callerTrusts, destSigns) && Objects.equals(destTrusts, callerSigns);
        String identity = "spiffe://cluster.local/ns/" + target.namespace() + "/sa/default";
        return new Hop(dest.name(), dest.networkOf(target), Kind.MTLS, null, identity, ok ? null
                : new Problem(Cause.UNTRUSTED_PEER, caller.name() + " and " + dest.name() + " do not share one root of trust (root "
                        + shortFp(callerSigns) + " vs " + shortFp(destSigns) + "): the handshake fails with CERTIFICATE_VERIFY_FAILED",
                        "mesh ca --rotate (one root, an intermediate per cluster), then restart istiod and the workloads"));
    }

    private static String shortFp(String fp) {
        return fp == null ? "none" : fp.length() > 11 ? fp.substring(0, 11) : fp;
    }

    private static int defaultPort(ServiceFact svc) {
        return svc.ports().stream().filter(p -> p.name() != null && p.name().startsWith("grpc")).findFirst()
                .or(() -> svc.ports().stream().findFirst()).map(ServiceFact.PortFact::port).orElse(0);
    }

    private static Problem first(Problem a, Problem b) {
        return a != null ? a : b;
    }

    private static String orNone(String s) {
        return s == null || s.isEmpty() ? "<no network>" : s;
    }
}
