package dev.meshstage.workshop;

import dev.meshstage.workshop.ClusterPlan.NodePlan;
import dev.meshstage.workshop.ClusterPlan.PortMapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a workshop directory into a {@link WorkshopPlan}: one cluster per {@code configs/kind/*-config.yaml},
 * joined by cluster name with {@code configs/metallb/metallb-<name>.yaml} and {@code configs/istio/<name>.yaml}.
 * Everything that would only fail minutes later inside kind, MetalLB or istiod (overlapping ranges, a pool
 * that is not a range, a cluster name istiod would not match) is rejected here with the file and line.
 */
public final class WorkshopLoader {

    /** kind's defaults when a config leaves networking out. */
    static final String DEFAULT_POD_SUBNET = "10.244.0.0/16";
    static final String DEFAULT_SERVICE_SUBNET = "10.96.0.0/16";

    private static final String CHOOSE_DIR = "choose the workshop directory with --workshop DIR or MESHSTAGE_WORKSHOP";
    // The name becomes a kubeconfig context, docker container names and istioctl's --name (a DNS-1123 label).
    private static final Pattern CLUSTER_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?");
    private static final Set<String> PROTOCOLS = Set.of("TCP", "UDP", "SCTP");

    public WorkshopPlan load(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        Path kindDir = WorkshopLayout.kindDir(dir);
        if (!Files.isDirectory(kindDir)) {
            throw new ConfigException("no configs/kind/ in " + dir + ", so it is not a workshop directory; " + CHOOSE_DIR);
        }
        List<Path> kindFiles = kindConfigs(kindDir);
        if (kindFiles.isEmpty()) {
            throw new ConfigException("no kind configs (configs/kind/*-config.yaml) in " + dir + "; " + CHOOSE_DIR);
        }
        requireFile(dir, WorkshopLayout.exposeServicesConfig(dir), "the cross-network Gateway");

        List<ClusterPlan> clusters = new ArrayList<>();
        Map<ClusterPlan, Places> places = new HashMap<>();
        for (Path kindFile : kindFiles) {
            Places where = new Places();
            ClusterPlan cluster = loadCluster(dir, kindFile, where);
            clusters.add(cluster);
            places.put(cluster, where);
        }
        checkUniqueNames(dir, clusters);
        checkSubnets(clusters, places);
        checkNetworks(clusters, places);
        checkPools(clusters, places);
        checkHostPorts(clusters);
        checkMeshId(clusters);
        return new WorkshopPlan(dir, List.copyOf(clusters));
    }

    /**
     * Where a cluster's ranges and network were written ({@code configs/kind/cluster1-config.yaml line 8}), so a
     * clash between two clusters names both places. A subnet the config leaves out is kind's default, named so.
     */
    private static final class Places {
        String podSubnet;
        String serviceSubnet;
        String network;
        final Map<String, String> pools = new HashMap<>();
    }

    private static String place(YamlNode node) {
        return node.file() + (node.line() > 0 ? " line " + node.line() : "");
    }

    private static List<Path> kindConfigs(Path kindDir) {
        try (Stream<Path> files = Files.list(kindDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-config.yaml") && Files.isRegularFile(f))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ConfigException("cannot list " + kindDir + ": " + e.getMessage());
        }
    }

    private ClusterPlan loadCluster(Path dir, Path kindFile, Places where) {
        YamlNode config = singleDocument(dir, kindFile);
        expectValue(config, "kind", "Cluster");
        expectValue(config, "apiVersion", "kind.x-k8s.io/v1alpha4");
        YamlNode nameNode = config.at("name").orElseThrow(() -> config.error(
                "name is missing; add e.g. 'name: cluster1' (meshstage finds the cluster's MetalLB and Istio files by it)"));
        String name = nameNode.text();
        if (!CLUSTER_NAME.matcher(name).matches()) {
            throw nameNode.error("cluster name \"" + name + "\" must be lower-case letters, digits and '-' (at most 42)");
        }
        config.text("networking.ipFamily").filter(family -> !family.equals("ipv4")).ifPresent(family -> {
            throw config.require("networking.ipFamily").error("ipFamily " + family + " is not supported; meshstage builds IPv4 clusters, remove the line");
        });
        Cidr pods = cidr(config, "networking.podSubnet", DEFAULT_POD_SUBNET);
        Cidr services = cidr(config, "networking.serviceSubnet", DEFAULT_SERVICE_SUBNET);
        where.podSubnet = config.at("networking.podSubnet").map(WorkshopLoader::place).orElse(config.file() + ", kind's default");
        where.serviceSubnet = config.at("networking.serviceSubnet").map(WorkshopLoader::place)
                .orElse(config.file() + ", kind's default");
        List<NodePlan> nodes = nodes(config, name);
        List<String> pools = pools(dir, name, where);
        YamlNode istio = istioOperator(dir, WorkshopLayout.istioConfig(dir, name), name);
        YamlNode networkNode = istio.require("spec.values.global.network");
        String network = networkNode.text();
        where.network = place(networkNode);
        String meshId = istio.require("spec.values.global.meshID").text();
        YamlNode clusterName = istio.require("spec.values.global.multiCluster.clusterName");
        if (!clusterName.text().equals(name)) {
            throw clusterName.error("clusterName is \"" + clusterName.text() + "\" but the kind config names the cluster \""
                    + name + "\"; make them equal");
        }
        checkEastWestGateway(dir, name, network);
        return new ClusterPlan(name, pods.toString(), services.toString(), nodes, pools, network, meshId, kindFile);
    }

    private static YamlNode singleDocument(Path dir, Path file) {
        List<YamlNode> documents = YamlNode.readAll(dir, file);
        if (documents.size() != 1) {
            throw new ConfigException(dir.relativize(file) + ": expected exactly one YAML document, found " + documents.size());
        }
        return documents.get(0);
    }

    private static void expectValue(YamlNode document, String key, String expected) {
        YamlNode value = document.require(key);
        if (!value.text().equals(expected)) {
            throw value.error(key + " is \"" + value.text() + "\", expected \"" + expected + "\"");
        }
    }

    private static Cidr cidr(YamlNode config, String key, String kindDefault) {
        return config.at(key).map(node -> {
            try {
                return Cidr.parse(node.text());
            } catch (IllegalArgumentException e) {
                throw node.error(key + ": " + e.getMessage() + "; write an IPv4 CIDR such as " + kindDefault);
            }
        }).orElseGet(() -> Cidr.parse(kindDefault));
    }

    private static List<NodePlan> nodes(YamlNode config, String cluster) {
        List<YamlNode> entries = config.at("nodes").map(YamlNode::items).orElse(List.of());
        List<NodePlan> controlPlanes = new ArrayList<>();
        List<NodePlan> workers = new ArrayList<>();
        for (YamlNode entry : entries) {
            // kind defaults an empty role to control-plane
            String role = entry.text("role").orElse("control-plane");
            List<NodePlan> sameRole = switch (role) {
                case "control-plane" -> controlPlanes;
                case "worker" -> workers;
                default -> throw entry.require("role").error("role \"" + role + "\" is not control-plane or worker");
            };
            // kind names the first node of a role <cluster>-<role>, the next ones <cluster>-<role>2, 3, …
            String nodeName = cluster + "-" + role + (sameRole.isEmpty() ? "" : String.valueOf(sameRole.size() + 1));
            // an empty image means kind's default node image for the installed kind version
            String image = entry.text("image").orElse("");
            sameRole.add(new NodePlan(nodeName, role, image, portMappings(entry)));
        }
        if (entries.isEmpty()) {
            controlPlanes.add(new NodePlan(cluster + "-control-plane", "control-plane", "", List.of()));
        }
        if (controlPlanes.isEmpty()) {
            throw config.require("nodes").error("no control-plane node; kind needs at least one 'role: control-plane'");
        }
        List<NodePlan> nodes = new ArrayList<>(controlPlanes);
        nodes.addAll(workers);
        return List.copyOf(nodes);
    }

    private static List<PortMapping> portMappings(YamlNode node) {
        List<PortMapping> mappings = new ArrayList<>();
        for (YamlNode mapping : node.at("extraPortMappings").map(YamlNode::items).orElse(List.of())) {
            int containerPort = port(mapping.require("containerPort"));
            int hostPort = mapping.at("hostPort").map(WorkshopLoader::port).orElse(0);
            String protocol = mapping.text("protocol").orElse("TCP").toUpperCase();
            if (!PROTOCOLS.contains(protocol)) {
                throw mapping.require("protocol").error("protocol " + protocol + " is not TCP, UDP or SCTP");
            }
            mappings.add(new PortMapping(containerPort, hostPort, protocol));
        }
        return List.copyOf(mappings);
    }

    private static int port(YamlNode node) {
        String text = node.text();
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw node.error(node.path() + " \"" + text + "\" is not a port number (0-65535)");
    }

    private static List<String> pools(Path dir, String cluster, Places where) {
        Path file = WorkshopLayout.metallbConfig(dir, cluster);
        requireFile(dir, file, cluster + "'s MetalLB pool");
        List<String> ranges = new ArrayList<>();
        for (YamlNode document : YamlNode.readAll(dir, file)) {
            if (!document.text("kind").orElse("").equals("IPAddressPool")) {
                continue;
            }
            for (YamlNode address : document.require("spec.addresses").items()) {
                try {
                    Ipv4Range.parse(address.text());
                    ranges.add(address.text().trim());
                    where.pools.putIfAbsent(address.text().trim(), place(address));
                } catch (IllegalArgumentException e) {
                    throw address.error("MetalLB address " + e.getMessage());
                }
            }
        }
        if (ranges.isEmpty()) {
            throw new ConfigException(dir.relativize(file) + ": no IPAddressPool with spec.addresses; add one (see the bundled configs)");
        }
        return List.copyOf(ranges);
    }

    private static YamlNode istioOperator(Path dir, Path file, String cluster) {
        requireFile(dir, file, cluster + "'s Istio settings");
        return YamlNode.readAll(dir, file).stream()
                .filter(document -> document.text("kind").orElse("").equals("IstioOperator"))
                .findFirst()
                .orElseThrow(() -> new ConfigException(dir.relativize(file) + ": no 'kind: IstioOperator' document; restore the file"));
    }

    private static void checkEastWestGateway(Path dir, String cluster, String network) {
        YamlNode gateway = istioOperator(dir, WorkshopLayout.eastWestGatewayConfig(dir, cluster), cluster);
        YamlNode gatewayNetwork = gateway.require("spec.values.global.network");
        // a gateway announcing another network than its cluster's would attract the other network's traffic
        if (!gatewayNetwork.text().equals(network)) {
            throw gatewayNetwork.error("east-west gateway network is \"" + gatewayNetwork.text() + "\" but " + cluster
                    + " is on \"" + network + "\"; make them equal");
        }
    }

    private static void requireFile(Path dir, Path file, String purpose) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("missing " + dir.relativize(file) + " (" + purpose + ") in " + dir + "; add it, or "
                    + CHOOSE_DIR);
        }
    }

    private static void checkUniqueNames(Path dir, List<ClusterPlan> clusters) {
        Map<String, ClusterPlan> byName = new HashMap<>();
        for (ClusterPlan cluster : clusters) {
            ClusterPlan earlier = byName.putIfAbsent(cluster.name(), cluster);
            if (earlier != null) {
                throw new ConfigException("cluster name \"" + cluster.name() + "\" is used by both "
                        + dir.relativize(earlier.kindConfig()) + " and " + dir.relativize(cluster.kindConfig())
                        + "; give each kind config its own name");
            }
        }
    }

    private record Subnet(ClusterPlan cluster, String kind, Cidr cidr, String place) {
        String describe() {
            return kind + " " + cidr + " of " + cluster.name() + " (" + place + ")";
        }
    }

    private static void checkSubnets(List<ClusterPlan> clusters, Map<ClusterPlan, Places> places) {
        List<Subnet> subnets = new ArrayList<>();
        for (ClusterPlan cluster : clusters) {
            subnets.add(new Subnet(cluster, "pod subnet", Cidr.parse(cluster.podSubnet()), places.get(cluster).podSubnet));
            subnets.add(new Subnet(cluster, "service subnet", Cidr.parse(cluster.serviceSubnet()), places.get(cluster).serviceSubnet));
        }
        for (int i = 0; i < subnets.size(); i++) {
            for (int j = i + 1; j < subnets.size(); j++) {
                Subnet a = subnets.get(i);
                Subnet b = subnets.get(j);
                if (a.cidr().overlaps(b.cidr())) {
                    throw new ConfigException(a.describe() + " overlaps " + b.describe()
                            + "; give every cluster its own pod and service subnets");
                }
            }
        }
    }

    // one network per cluster: each network's east-west gateway is how the others reach its pods, so two
    // clusters announcing one network would be taken for one flat network and their pod IPs called directly
    private static void checkNetworks(List<ClusterPlan> clusters, Map<ClusterPlan, Places> places) {
        Map<String, ClusterPlan> byNetwork = new HashMap<>();
        for (ClusterPlan cluster : clusters) {
            ClusterPlan earlier = byNetwork.putIfAbsent(cluster.network(), cluster);
            if (earlier != null) {
                throw new ConfigException("network \"" + cluster.network() + "\" of " + cluster.name() + " ("
                        + places.get(cluster).network + ") is also the network of " + earlier.name() + " ("
                        + places.get(earlier).network + "); give every cluster its own network (values.global.network)"
                        + ", as its east-west gateway announces it");
            }
        }
    }

    private static void checkPools(List<ClusterPlan> clusters, Map<ClusterPlan, Places> places) {
        record Pool(ClusterPlan cluster, Ipv4Range range, String place) {
            String describe() {
                return "MetalLB pool " + range + " of " + cluster.name() + " (" + place + ")";
            }
        }
        List<Pool> pools = new ArrayList<>();
        for (ClusterPlan cluster : clusters) {
            cluster.poolRanges().forEach(text -> pools.add(new Pool(cluster, Ipv4Range.parse(text), places.get(cluster).pools.get(text))));
        }
        for (int i = 0; i < pools.size(); i++) {
            Pool a = pools.get(i);
            for (int j = i + 1; j < pools.size(); j++) {
                Pool b = pools.get(j);
                if (a.range().overlaps(b.range())) {
                    // the clusters share kind's docker network, so one address handed out twice breaks both
                    throw new ConfigException(a.describe() + " overlaps pool " + b.range() + " of " + b.cluster().name()
                            + " (" + b.place() + "); split the range so each address belongs to one pool");
                }
            }
            for (ClusterPlan cluster : clusters) {
                Places where = places.get(cluster);
                for (Subnet subnet : List.of(new Subnet(cluster, "pod subnet", Cidr.parse(cluster.podSubnet()), where.podSubnet),
                        new Subnet(cluster, "service subnet", Cidr.parse(cluster.serviceSubnet()), where.serviceSubnet))) {
                    if (subnet.cidr().overlaps(a.range())) {
                        throw new ConfigException(a.describe() + " overlaps " + subnet.describe()
                                + "; pools must come from kind's docker network, not from pod or service subnets");
                    }
                }
            }
        }
    }

    private static void checkHostPorts(List<ClusterPlan> clusters) {
        Map<String, String> owners = new HashMap<>();
        for (ClusterPlan cluster : clusters) {
            for (NodePlan node : cluster.nodes()) {
                for (PortMapping mapping : node.portMappings()) {
                    if (mapping.hostPort() == 0) {
                        continue; // kind picks a free port
                    }
                    String key = mapping.hostPort() + "/" + mapping.protocol();
                    String earlier = owners.putIfAbsent(key, node.name());
                    if (earlier != null) {
                        throw new ConfigException("host port " + key + " is mapped by both " + earlier + " and " + node.name()
                                + "; docker can bind it only once, change one extraPortMappings hostPort");
                    }
                }
            }
        }
    }

    private static void checkMeshId(List<ClusterPlan> clusters) {
        ClusterPlan first = clusters.get(0);
        for (ClusterPlan cluster : clusters) {
            if (!cluster.meshId().equals(first.meshId())) {
                throw new ConfigException("meshID \"" + cluster.meshId() + "\" of " + cluster.name() + " differs from \""
                        + first.meshId() + "\" of " + first.name() + "; all clusters of one mesh need the same meshID");
            }
        }
    }
}
