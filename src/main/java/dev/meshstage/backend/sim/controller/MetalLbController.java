package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.LabelSelector;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.backend.sim.store.WatchEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * MetalLB v0.14.9 once its manifests are applied: the controller and the speakers, and (as an admission
 * step) the controller's validating webhook, {@link MetalLbWebhook}. Nothing happens until a
 * {@code metallb-system} controller pod is ready, so a LoadBalancer Service stays {@code <pending>} exactly
 * as on a cluster without MetalLB. Then, as the real controller does:
 * <ul>
 *   <li>every LoadBalancer Service gets {@code status.loadBalancer.ingress[].ip} — the requested address
 *       ({@code metallb.io/loadBalancerIPs}, the older {@code metallb.universe.tf/} annotation or
 *       {@code spec.loadBalancerIP}) when a pool holds it, else the lowest free address of the first
 *       auto-assigning pool (by name: the real controller walks a Go map, which has no order worth copying),
 *       skipping .0/.255 in pools that avoid buggy IPs; with event {@code IPAllocated}, or
 *       {@code AllocationFailed} when nothing fits;</li>
 *   <li>an address goes back to its pool when its Service is deleted or stops being a LoadBalancer, and all
 *       addresses go when the last pool does (no config, no assignments);</li>
 *   <li>the speakers (L2): of the nodes with a ready speaker that may announce (not labelled
 *       {@code node.kubernetes.io/exclude-from-external-load-balancers}; with traffic policy Local only those
 *       with a ready endpoint) the one whose sha256(node#ip) sorts first answers ARP for the address, once the
 *       Service has a ready endpoint and an L2Advertisement covers its pool — event {@code nodeAssigned};</li>
 *   <li>the controller creates the speakers' {@code memberlist} secret.</li>
 * </ul>
 * State lives in the Services (status and the {@code metallb.io/ip-allocated-from-pool} annotation), so a
 * restored cluster carries on; only which events were already sent is kept in memory.
 */
public final class MetalLbController implements SimController {

    public static final String NAMESPACE = "metallb-system";
    static final String CONTROLLER_COMPONENT = "metallb-controller";
    static final String SPEAKER_COMPONENT = "metallb-speaker";
    static final String POOL_ANNOTATION = "metallb.io/ip-allocated-from-pool";
    private static final List<String> IPS_ANNOTATIONS = List.of("metallb.io/loadBalancerIPs", "metallb.universe.tf/loadBalancerIPs");
    private static final String EXCLUDE_LB = "node.kubernetes.io/exclude-from-external-load-balancers";
    private static final String MEMBERLIST = "memberlist";
    /** {@link #keepable}'s answer when the user asked for another address: taken back without an event. */
    private static final String OTHER_IP_REQUESTED = "user requested a different IP than the one currently assigned";

    /** Service uid → the last AllocationFailed message sent, so a retry does not repeat it. */
    private final Map<String, String> failures = new HashMap<>();
    /** Service uid → "node#ip" last announced. */
    private final Map<String, String> announced = new HashMap<>();

    private record Pool(String name, List<MetalLbAddresses> ranges, boolean autoAssign, boolean avoidBuggyIPs, JsonNode labels) {
        boolean holds(long ip) {
            if (avoidBuggyIPs && MetalLbAddresses.buggy(ip)) {
                return false;
            }
            return ranges.stream().anyMatch(r -> r.contains(ip));
        }
    }

    @Override
    public String name() {
        return "metallb";
    }

    @Override
    public String fieldManager() {
        return "metallb-controller";
    }

    @Override
    public List<ResourceType> watches(ResourceRegistry registry) {
        List<ResourceType> out = new ArrayList<>(List.of(registry.require("v1", "Service"), registry.require("v1", "Pod"),
                registry.require("v1", "Endpoints"), registry.require("v1", "Node")));
        registry.byKind("metallb.io/v1beta1", "IPAddressPool").ifPresent(out::add);
        registry.byKind("metallb.io/v1beta1", "L2Advertisement").ifPresent(out::add);
        return out;
    }

    @Override
    public void admissions(ControllerContext ctx) {
        ctx.addAdmission(new MetalLbWebhook());
    }

    @Override
    public void onEvent(WatchEvent event, ControllerContext ctx) {
        // one pass over all LoadBalancer Services: few of them, and the order of assignment stays deterministic
        ctx.enqueue("metallb/reconcile", () -> reconcile(ctx));
    }

    private void reconcile(ControllerContext ctx) {
        if (!controllerReady(ctx)) {
            return;
        }
        ensureMemberlist(ctx);
        ResourceType serviceType = ctx.type("v1", "Service");
        List<Pool> pools = pools(ctx);
        List<ObjectNode> services = new ArrayList<>(ctx.store().list(serviceType, ""));
        Set<String> uids = services.stream().map(s -> s.path("metadata").path("uid").asString()).collect(Collectors.toSet());
        failures.keySet().retainAll(uids);
        announced.keySet().retainAll(uids);

        Map<Long, String> used = new HashMap<>();
        List<ObjectNode> unassigned = new ArrayList<>();
        for (ObjectNode svc : services) {
            boolean ours = isLoadBalancer(svc);
            List<String> ips = ingressIps(svc);
            if (!ours || pools.isEmpty()) {
                if (!ips.isEmpty() || svc.path("metadata").path("annotations").has(POOL_ANNOTATION)) {
                    if (!ours && isLoadBalancerOfAnotherClass(svc)) {
                        continue; // another load balancer implementation owns it
                    }
                    clear(ctx, svc);
                }
                continue;
            }
            String keep = keepable(svc, ips, pools, used);
            if (keep == null) {
                unassigned.add(svc);
            } else if (!keep.isEmpty()) {
                if (!keep.equals(OTHER_IP_REQUESTED)) {
                    ctx.events().normal(CONTROLLER_COMPONENT, null, svc, "ClearAssignment", "current IP for \"" + key(svc)
                            + "\" not allowed by config, will attempt for new IP assignment: " + keep);
                }
                unassigned.add(clear(ctx, svc));
            } else {
                used.put(MetalLbAddresses.address(ips.get(0)), key(svc));
                if (!poolOf(svc).equals(poolHolding(pools, ips.get(0)).name())) {
                    annotate(ctx, svc, poolHolding(pools, ips.get(0)).name());
                }
            }
        }
        unassigned.sort(Comparator.comparing((ObjectNode s) -> s.path("metadata").path("creationTimestamp").asString(""))
                .thenComparing(MetalLbController::key));
        for (ObjectNode svc : unassigned) {
            allocate(ctx, svc, pools, used);
        }
        announce(ctx, pools);
    }

    // ---------------------------------------------------------------- controller

    private static boolean controllerReady(ControllerContext ctx) {
        for (ObjectNode pod : ctx.store().list(ctx.type("v1", "Pod"), NAMESPACE)) {
            JsonNode labels = pod.path("metadata").path("labels");
            if (labels.path("app").asString("").equals("metallb") && labels.path("component").asString("").equals("controller")
                    && Pods.active(pod) && Pods.ready(pod)) {
                return true;
            }
        }
        return false;
    }

    private static void ensureMemberlist(ControllerContext ctx) {
        ObjectNode secret = Json.newObject("v1", "Secret", NAMESPACE, MEMBERLIST);
        byte[] key = Json.sha256Hex("memberlist/" + ctx.plan().name() + "/" + ctx.seed()).getBytes(StandardCharsets.US_ASCII);
        secret.putObject("data").put("secretkey", Base64.getEncoder().encodeToString(Arrays.copyOf(key, 64)));
        Bootstrap.ensure(ctx, ctx.type("v1", "Secret"), secret);
    }

    private static List<Pool> pools(ControllerContext ctx) {
        ResourceType type = ctx.registry().byKind("metallb.io/v1beta1", "IPAddressPool").orElse(null);
        List<Pool> out = new ArrayList<>();
        if (type == null) {
            return out;
        }
        for (ObjectNode p : ctx.store().list(type, NAMESPACE)) {
            List<MetalLbAddresses> ranges = new ArrayList<>();
            try {
                p.path("spec").path("addresses").forEach(a -> ranges.add(MetalLbAddresses.parse(a.asString(""))));
            } catch (IllegalArgumentException e) {
                continue; // the webhook keeps such pools out; one that slipped past it configures nothing
            }
            JsonNode spec = p.path("spec");
            boolean selective = spec.path("serviceAllocation").isObject() && !spec.path("serviceAllocation").isEmpty();
            out.add(new Pool(p.path("metadata").path("name").asString(), List.copyOf(ranges),
                    spec.path("autoAssign").asBoolean(true) && !selective, spec.path("avoidBuggyIPs").asBoolean(false),
                    p.path("metadata").path("labels")));
        }
        return out;
    }

    /**
     * Whether the Service's current address can stay: null when it has none, "" when it can, else why not
     * (the reason MetalLB gives when it takes the address back).
     */
    private static String keepable(ObjectNode svc, List<String> ips, List<Pool> pools, Map<Long, String> used) {
        if (ips.isEmpty()) {
            return null;
        }
        Long ip = MetalLbAddresses.address(ips.get(0));
        if (ip == null || poolHolding(pools, ips.get(0)) == null) {
            return goList(ips) + " is not allowed in config";
        }
        if (used.containsKey(ip)) {
            return "can't change sharing key for \"" + key(svc) + "\", address also in use by " + used.get(ip);
        }
        List<String> wanted;
        try {
            wanted = requestedIps(svc);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (!wanted.isEmpty() && !wanted.equals(ips)) {
            return OTHER_IP_REQUESTED;
        }
        return "";
    }

    private void allocate(ControllerContext ctx, ObjectNode svc, List<Pool> pools, Map<Long, String> used) {
        String uid = svc.path("metadata").path("uid").asString();
        String ip;
        Pool pool;
        try {
            List<String> wanted = requestedIps(svc);
            if (!wanted.isEmpty()) {
                if (wanted.size() > 1) {
                    throw new IllegalArgumentException(wanted.stream().map(w -> "\"" + w + "\"").collect(Collectors.joining(" "))
                            + " has the same family");
                }
                ip = wanted.get(0);
                pool = poolHolding(pools, ip);
                if (pool == null) {
                    throw new IllegalArgumentException(goList(wanted) + " is not allowed in config");
                }
                String holder = used.get(MetalLbAddresses.address(ip));
                if (holder != null) {
                    throw new IllegalArgumentException("can't change sharing key for \"" + key(svc)
                            + "\", address also in use by " + holder);
                }
            } else {
                pool = null;
                ip = null;
                for (Pool p : pools) {
                    ip = p.autoAssign() ? lowestFree(p, used) : null;
                    if (ip != null) {
                        pool = p;
                        break;
                    }
                }
                if (ip == null) {
                    throw new IllegalArgumentException("no available IPs");
                }
            }
        } catch (IllegalArgumentException e) {
            String message = "Failed to allocate IP for \"" + key(svc) + "\": " + e.getMessage();
            if (!message.equals(failures.put(uid, message))) {
                ctx.events().warning(CONTROLLER_COMPONENT, null, svc, "AllocationFailed", message);
            }
            return;
        }
        failures.remove(uid);
        used.put(MetalLbAddresses.address(ip), key(svc));
        ObjectNode annotated = annotate(ctx, svc, pool.name());
        ObjectNode status = Json.child(annotated, "status");
        ObjectNode ingress = status.putObject("loadBalancer").putArray("ingress").addObject();
        ingress.put("ip", ip);
        // kube-apiserver (v1.30+) defaults ipMode for every ingress IP
        ingress.put("ipMode", "VIP");
        Json.meta(annotated).remove("resourceVersion");
        ObjectNode stored = ctx.store().updateStatus(ctx.type("v1", "Service"), annotated.path("metadata").path("namespace").asString(),
                annotated.path("metadata").path("name").asString(), annotated);
        ctx.events().normal(CONTROLLER_COMPONENT, null, stored, "IPAllocated", "Assigned IP " + goList(List.of(ip)));
    }

    private static String lowestFree(Pool pool, Map<Long, String> used) {
        for (MetalLbAddresses range : pool.ranges()) {
            for (long a = range.first(); a <= range.last(); a++) {
                if (!(pool.avoidBuggyIPs() && MetalLbAddresses.buggy(a)) && !used.containsKey(a)) {
                    return Ipv4.toString(a);
                }
            }
        }
        return null;
    }

    private static ObjectNode annotate(ControllerContext ctx, ObjectNode svc, String pool) {
        ObjectNode copy = svc.deepCopy();
        Json.annotations(copy).put(POOL_ANNOTATION, pool);
        return ctx.store().update(ctx.type("v1", "Service"), copy.path("metadata").path("namespace").asString(),
                copy.path("metadata").path("name").asString(), copy);
    }

    /** Takes the address back: status emptied, pool annotation removed. Returns the Service as stored. */
    private ObjectNode clear(ControllerContext ctx, ObjectNode svc) {
        ResourceType type = ctx.type("v1", "Service");
        String ns = svc.path("metadata").path("namespace").asString();
        String name = svc.path("metadata").path("name").asString();
        ObjectNode copy = svc.deepCopy();
        JsonNode annotations = copy.path("metadata").path("annotations");
        if (annotations instanceof ObjectNode a && a.has(POOL_ANNOTATION)) {
            a.remove(POOL_ANNOTATION);
            copy = ctx.store().update(type, ns, name, copy);
        }
        Json.child(copy, "status").putObject("loadBalancer");
        Json.meta(copy).remove("resourceVersion");
        announced.remove(svc.path("metadata").path("uid").asString());
        return ctx.store().updateStatus(type, ns, name, copy);
    }

    /** The addresses asked for, from the annotation or spec.loadBalancerIP (not both, says MetalLB). */
    private static List<String> requestedIps(ObjectNode svc) {
        JsonNode annotations = svc.path("metadata").path("annotations");
        String annotation = null;
        String annotationName = null;
        for (String a : IPS_ANNOTATIONS) {
            if (annotations.has(a)) {
                annotation = annotations.path(a).asString("");
                annotationName = a;
                break;
            }
        }
        String field = svc.path("spec").path("loadBalancerIP").asString("");
        if ((annotation == null || annotation.isEmpty()) && field.isEmpty()) {
            return List.of();
        }
        if (annotation != null && !annotation.isEmpty() && !field.isEmpty()) {
            throw new IllegalArgumentException("service can not have both " + IPS_ANNOTATIONS.get(0) + " and svc.Spec.LoadBalancerIP");
        }
        if (field.isEmpty()) {
            List<String> out = new ArrayList<>();
            for (String part : annotation.split(",")) {
                if (MetalLbAddresses.address(part.trim()) == null) {
                    throw new IllegalArgumentException("invalid " + annotationName + ": \"" + annotation + "\"");
                }
                out.add(part.trim());
            }
            return out;
        }
        if (MetalLbAddresses.address(field) == null) {
            throw new IllegalArgumentException("invalid spec.loadBalancerIP \"" + field + "\"");
        }
        return List.of(field);
    }

    private static Pool poolHolding(List<Pool> pools, String ip) {
        Long address = MetalLbAddresses.address(ip);
        if (address == null) {
            return null;
        }
        return pools.stream().filter(p -> p.holds(address)).findFirst().orElse(null);
    }

    // ---------------------------------------------------------------- speakers

    private void announce(ControllerContext ctx, List<Pool> pools) {
        ObjectStore store = ctx.store();
        Map<String, String> speakerNodes = new HashMap<>();
        for (ObjectNode pod : store.list(ctx.type("v1", "Pod"), NAMESPACE)) {
            if (pod.path("metadata").path("labels").path("component").asString("").equals("speaker")
                    && Pods.active(pod) && Pods.ready(pod)) {
                speakerNodes.put(pod.path("spec").path("nodeName").asString(), pod.path("metadata").path("name").asString());
            }
        }
        List<ObjectNode> nodes = store.list(ctx.type("v1", "Node"), "");
        List<ObjectNode> advertisements = ctx.registry().byKind("metallb.io/v1beta1", "L2Advertisement")
                .map(t -> store.list(t, NAMESPACE)).orElse(List.of());
        for (ObjectNode svc : store.list(ctx.type("v1", "Service"), "")) {
            List<String> ips = ingressIps(svc);
            if (!isLoadBalancer(svc) || ips.isEmpty()) {
                continue;
            }
            Pool pool = poolHolding(pools, ips.get(0));
            String uid = svc.path("metadata").path("uid").asString();
            ObjectNode endpoints = store.find(ctx.type("v1", "Endpoints"), svc.path("metadata").path("namespace").asString(),
                    svc.path("metadata").path("name").asString());
            Set<String> endpointNodes = readyEndpointNodes(endpoints);
            if (pool == null || endpointNodes.isEmpty()) {
                announced.remove(uid);
                continue;
            }
            boolean local = svc.path("spec").path("externalTrafficPolicy").asString("Cluster").equals("Local");
            List<String> candidates = new ArrayList<>();
            for (ObjectNode node : nodes) {
                String name = node.path("metadata").path("name").asString();
                if (speakerNodes.containsKey(name) && !node.path("metadata").path("labels").has(EXCLUDE_LB)
                        && advertised(advertisements, pool, node) && (!local || endpointNodes.contains(name))) {
                    candidates.add(name);
                }
            }
            String ip = ips.get(0);
            String winner = candidates.stream().min(Comparator.comparing(n -> sha256(n + "#" + ip), Arrays::compareUnsigned)).orElse(null);
            if (winner == null) {
                announced.remove(uid);
                continue;
            }
            if (!(winner + "#" + ip).equals(announced.put(uid, winner + "#" + ip))) {
                ctx.events().normal(SPEAKER_COMPONENT, null, svc, "nodeAssigned",
                        "announcing from node \"" + winner + "\" with protocol \"layer2\"");
            }
        }
    }

    /** Whether some L2Advertisement covers the pool (no pools and no selectors: all pools) on this node. */
    private static boolean advertised(List<ObjectNode> advertisements, Pool pool, ObjectNode node) {
        for (ObjectNode adv : advertisements) {
            JsonNode spec = adv.path("spec");
            boolean byName = false;
            for (JsonNode n : spec.path("ipAddressPools")) {
                byName |= n.asString("").equals(pool.name());
            }
            boolean bySelector = false;
            for (JsonNode selector : spec.path("ipAddressPoolSelectors")) {
                LabelSelector s = LabelSelector.fromJson(selector);
                bySelector |= s != null && s.matches(Json.stringMap(pool.labels()));
            }
            boolean all = spec.path("ipAddressPools").isEmpty() && spec.path("ipAddressPoolSelectors").isEmpty();
            boolean onNode = spec.path("nodeSelectors").isEmpty();
            for (JsonNode selector : spec.path("nodeSelectors")) {
                LabelSelector s = LabelSelector.fromJson(selector);
                onNode |= s != null && s.matches(LabelSelector.labelsOf(node));
            }
            if ((all || byName || bySelector) && onNode) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> readyEndpointNodes(ObjectNode endpoints) {
        Set<String> out = new HashSet<>();
        if (endpoints != null) {
            for (JsonNode subset : endpoints.path("subsets")) {
                for (JsonNode address : subset.path("addresses")) {
                    out.add(address.path("nodeName").asString(""));
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    private static boolean isLoadBalancer(JsonNode svc) {
        return svc.path("spec").path("type").asString("").equals("LoadBalancer")
                && svc.path("spec").path("loadBalancerClass").asString("").isEmpty();
    }

    private static boolean isLoadBalancerOfAnotherClass(JsonNode svc) {
        return svc.path("spec").path("type").asString("").equals("LoadBalancer");
    }

    private static List<String> ingressIps(JsonNode svc) {
        List<String> out = new ArrayList<>();
        for (JsonNode ingress : svc.path("status").path("loadBalancer").path("ingress")) {
            if (!ingress.path("ip").asString("").isEmpty()) {
                out.add(ingress.path("ip").asString());
            }
        }
        return out;
    }

    private static String poolOf(JsonNode svc) {
        return svc.path("metadata").path("annotations").path(POOL_ANNOTATION).asString("");
    }

    private static String key(JsonNode svc) {
        return svc.path("metadata").path("namespace").asString() + "/" + svc.path("metadata").path("name").asString();
    }

    /** How Go's %q prints a []net.IP: {@code ["172.18.255.1"]}. */
    private static String goList(List<String> ips) {
        return ips.stream().map(ip -> "\"" + ip + "\"").collect(Collectors.joining(" ", "[", "]"));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
