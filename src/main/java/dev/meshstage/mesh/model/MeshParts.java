package dev.meshstage.mesh.model;

import java.util.List;
import java.util.Optional;

/**
 * The parts of one cluster that make it a member of the multi-network mesh. Absent parts are {@code null} (never
 * a sentinel string); lists are empty.
 *
 * @param istiod          null when istiod is not installed
 * @param ingressGateway  {@code istio-ingressgateway}, null when absent
 * @param eastWestGateway {@code istio-eastwestgateway}, null when absent
 * @param trust           the cluster's CA material (certificates only, never keys)
 * @param remoteSecrets   Secrets labelled {@code istio/multiCluster=true} in istio-system
 * @param discovery       what this cluster's istiod reports about the clusters it reads (local one included); empty
 *                        when istiod is not running or cannot be asked
 * @param metallb         null when MetalLB is not installed
 */
public record MeshParts(IstiodFact istiod, GatewayFact ingressGateway, GatewayFact eastWestGateway, TrustFact trust,
        List<RemoteSecretFact> remoteSecrets, List<DiscoveryFact> discovery, MetalLbFact metallb) {

    public static final MeshParts NONE = new MeshParts(null, null, null, TrustFact.NONE, List.of(), List.of(), null);

    public MeshParts {
        remoteSecrets = List.copyOf(remoteSecrets);
        discovery = List.copyOf(discovery);
    }

    public Optional<DiscoveryFact> discoveryOf(String cluster) {
        return discovery.stream().filter(d -> d.cluster().equals(cluster)).findFirst();
    }

    public Optional<RemoteSecretFact> remoteSecretFor(String cluster) {
        return remoteSecrets.stream().filter(s -> cluster.equals(s.cluster())).findFirst();
    }

    /** istiod's Deployment: wanted and serving replicas, and its image. */
    public record IstiodFact(int desired, int available, String image) {
        public boolean ready() {
            return available > 0;
        }
    }

    /**
     * A gateway: its Service and Deployment together.
     *
     * @param network   the Service's {@code topology.istio.io/network} label (what makes it a network gateway)
     * @param addresses the addresses other clusters reach it on (LoadBalancer IPs), empty while pending
     * @param ports     the Service's ports
     * @param podsReady gateway pods serving
     */
    public record GatewayFact(String name, String serviceType, String network, List<String> addresses,
            List<ServiceFact.PortFact> ports, int podsDesired, int podsReady) {
        public GatewayFact {
            addresses = List.copyOf(addresses);
            ports = List.copyOf(ports);
        }

        public boolean hasPort(int port) {
            return ports.stream().anyMatch(p -> p.port() == port);
        }

        public Optional<String> address() {
            return addresses.stream().findFirst();
        }
    }

    /**
     * A remote secret as istiod would read it.
     *
     * @param cluster      the cluster it names (the data key / annotation)
     * @param server       the API address in its kubeconfig, null when unreadable
     * @param loopback     the server is 127.0.0.1/localhost: not reachable from inside another cluster
     * @param tokenPresent a bearer token is present (its value is never kept)
     * @param problem      why istiod could not read it, null when well-formed
     */
    public record RemoteSecretFact(String name, String cluster, String server, boolean loopback, boolean tokenPresent,
            String problem) {
    }

    /**
     * What one istiod says of one cluster ({@code istioctl remote-clusters}).
     *
     * @param services  Services discovered there, -1 when not known
     * @param gateways  that cluster's network gateways as istiod saw them, {@code network=ip:port}
     * @param istiod    the istiod pod that answered, "" when not known
     */
    public record DiscoveryFact(String cluster, boolean local, String secret, Sync status, String message, int services,
            List<String> gateways, String istiod) {
        public DiscoveryFact {
            gateways = List.copyOf(gateways);
        }

        public DiscoveryFact(String cluster, boolean local, String secret, Sync status, String message, int services,
                List<String> gateways) {
            this(cluster, local, secret, status, message, services, gateways, "");
        }

        public boolean synced() {
            return status == Sync.SYNCED;
        }
    }

    public enum Sync { SYNCED, SYNCING, TIMEOUT, CLOSED, UNKNOWN;

        public static Sync of(String s) {
            return switch (s == null ? "" : s) {
                case "synced" -> SYNCED;
                case "syncing" -> SYNCING;
                case "timeout" -> TIMEOUT;
                case "closed" -> CLOSED;
                default -> UNKNOWN;
            };
        }

        public String word() {
            return name().toLowerCase();
        }
    }

    /**
     * MetalLB on one cluster.
     *
     * @param pools the IPAddressPools with their address ranges as written
     */
    public record MetalLbFact(boolean controllerReady, int speakersReady, int speakersDesired, List<PoolFact> pools) {
        public MetalLbFact {
            pools = List.copyOf(pools);
        }

        public boolean ready() {
            return controllerReady && speakersDesired > 0 && speakersReady >= speakersDesired;
        }
    }

    public record PoolFact(String name, List<String> addresses) {
        public PoolFact {
            addresses = List.copyOf(addresses);
        }
    }
}
