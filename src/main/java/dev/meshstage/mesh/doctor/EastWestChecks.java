package dev.meshstage.mesh.doctor;

import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.IstioGatewayFact;
import dev.meshstage.mesh.model.MeshParts;
import dev.meshstage.mesh.model.NamespaceFact;
import dev.meshstage.mesh.model.PodFact;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** east-west: the gateway other networks reach this cluster through, its address, 15443, network, and Gateway. */
final class EastWestChecks {

    static final String NAME = "istio-eastwestgateway";
    static final int TLS_PORT = 15443;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private EastWestChecks() {
    }

    static final List<Check> CHECKS = List.of(
            new Check("eastwest-ready", Category.EAST_WEST, "the east-west gateway is running", EastWestChecks::ready),
            new Check("eastwest-address", Category.EAST_WEST, "the east-west gateway has an external IP",
                    EastWestChecks::address),
            new Check("eastwest-port", Category.EAST_WEST, "the east-west gateway exposes " + TLS_PORT, EastWestChecks::port),
            new Check("eastwest-network", Category.EAST_WEST, "the gateway's Service and pods carry the cluster's network",
                    EastWestChecks::network),
            new Check("cross-network-gateway", Category.EAST_WEST,
                    "a Gateway opens " + TLS_PORT + " with AUTO_PASSTHROUGH for *.local", EastWestChecks::crossNetwork));

    static List<Finding> ready(DoctorInput in) {
        return Rules.eachCluster(in, c -> {
            MeshParts.GatewayFact g = c.mesh().eastWestGateway();
            if (g == null) {
                return Finding.fail(c.name(), NAME + " is not installed: other networks cannot reach this cluster's pods",
                        "mesh install --cluster " + c.name());
            }
            if (g.podsReady() > 0) {
                return Finding.ok(c.name());
            }
            return g.podsDesired() == 0
                    ? Finding.fail(c.name(), NAME + " is scaled to 0: calls from other networks to this cluster's"
                            + " pods fail (no healthy upstream)",
                            "kubectl scale deployment/" + NAME + " -n istio-system --replicas=1 " + DoctorInput.ctx(c))
                    : Finding.fail(c.name(), NAME + " has 0/" + g.podsDesired() + " pods ready",
                            "kubectl describe deployment/" + NAME + " -n istio-system " + DoctorInput.ctx(c));
        });
    }

    static List<Finding> address(DoctorInput in) {
        return Rules.eachCluster(in, c -> {
            MeshParts.GatewayFact g = c.mesh().eastWestGateway();
            if (g == null || g.serviceType() == null) {
                return Finding.skipped(c.name(), "no east-west gateway Service");
            }
            if (!"LoadBalancer".equals(g.serviceType()) && g.addresses().isEmpty()) {
                return Finding.fail(c.name(), NAME + " is a " + g.serviceType() + " Service: istiod has no address for"
                        + " it and hands out this cluster's pod IPs, which other networks cannot reach",
                        "mesh install --cluster " + c.name() + " (the workshop's gateway is a LoadBalancer)");
            }
            if (g.addresses().isEmpty()) {
                return Finding.fail(c.name(), NAME + " EXTERNAL-IP <pending>: the other clusters' istiods hand out this"
                        + " cluster's pod IPs instead of its gateway, and those calls time out",
                        c.mesh().metallb() == null ? "lb install --cluster " + c.name()
                                : "kubectl get ipaddresspools -n metallb-system " + DoctorInput.ctx(c) + ", then lb install --cluster " + c.name());
            }
            String a = g.addresses().get(0);
            return IPV4.matcher(a).matches() ? Finding.ok(c.name())
                    : Finding.fail(c.name(), NAME + "'s address " + a + " is a hostname: Istio needs an IP for a network gateway",
                            "give the gateway an IP address (MetalLB: lb install --cluster " + c.name() + ")");
        });
    }

    static List<Finding> port(DoctorInput in) {
        return Rules.eachCluster(in, c -> {
            MeshParts.GatewayFact g = c.mesh().eastWestGateway();
            if (g == null || g.serviceType() == null) {
                return Finding.skipped(c.name(), "no east-west gateway Service");
            }
            return g.hasPort(TLS_PORT) ? Finding.ok(c.name())
                    : Finding.fail(c.name(), NAME + " has no port " + TLS_PORT + ": cross-network mTLS has nowhere to land",
                            "mesh install --cluster " + c.name());
        });
    }

    static List<Finding> network(DoctorInput in) {
        return Rules.eachClusterMany(in, c -> {
            MeshParts.GatewayFact g = c.mesh().eastWestGateway();
            if (g == null) {
                return List.of(Finding.skipped(c.name(), "no east-west gateway"));
            }
            String fixService = "kubectl label service " + NAME + " -n istio-system " + NamespaceFact.NETWORK + "=" + c.network()
                    + " --overwrite " + DoctorInput.ctx(c);
            if (g.serviceType() != null && !Objects.equals(g.network(), c.network())) {
                return List.of(Finding.fail(c.name(), "Service " + NAME + (g.network() == null ? " has no " + NamespaceFact.NETWORK
                        + " label" : " says network " + g.network()) + ": istiod does not take it for " + c.network()
                        + "'s gateway, so remote pod IPs are handed out", fixService));
            }
            List<String> wrong = gatewayPods(c).stream().filter(p -> !Objects.equals(p.network(), c.network()))
                    .map(PodFact::name).toList();
            return wrong.isEmpty() ? List.of()
                    : List.of(Finding.fail(c.name(), "gateway pods without network " + c.network() + ": " + String.join(", ", wrong),
                            "mesh install --cluster " + c.name()));
        });
    }

    private static List<PodFact> gatewayPods(ClusterFacts c) {
        return c.podsIn("istio-system").stream().filter(p -> NAME.equals(p.labels().get("app"))).toList();
    }

    static List<Finding> crossNetwork(DoctorInput in) {
        return Rules.eachCluster(in, c -> {
            if (c.mesh().eastWestGateway() == null) {
                return Finding.skipped(c.name(), "no east-west gateway");
            }
            String fix = "kubectl apply -n istio-system -f configs/istio/expose-services.yaml " + DoctorInput.ctx(c)
                    + " (or mesh install --cluster " + c.name() + ")";
            List<IstioGatewayFact> selecting = c.istioGateways().stream()
                    .filter(g -> "eastwestgateway".equals(g.selector().get("istio"))).toList();
            for (IstioGatewayFact g : selecting) {
                for (IstioGatewayFact.Server s : g.servers()) {
                    if (s.port() == TLS_PORT && "AUTO_PASSTHROUGH".equals(s.tlsMode())
                            && s.hosts().stream().anyMatch(h -> h.equals("*.local") || h.equals("*"))) {
                        return Finding.ok(c.name());
                    }
                }
            }
            return selecting.isEmpty()
                    ? Finding.fail(c.name(), "no Gateway selects istio=eastwestgateway: the gateway has no " + TLS_PORT
                            + " listener and refuses cross-network connections", fix)
                    : Finding.fail(c.name(), "Gateway " + selecting.get(0).name() + " has no " + TLS_PORT
                            + " server with tls.mode AUTO_PASSTHROUGH for *.local", fix);
        });
    }
}
