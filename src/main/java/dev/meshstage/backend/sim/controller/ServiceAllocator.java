package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.Admission;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.backend.sim.store.StoreException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Service registry strategy of kube-apiserver as an admission step: defaults (type, sessionAffinity,
 * ipFamilies, protocols, targetPorts, traffic policies), ClusterIP allocation from the service subnet and
 * NodePort allocation from 30000–32767, keeping both across updates. Allocation is deterministic: a hash of
 * namespace/name picks a start in the dynamic band (the upper part of the range, as the real allocator
 * prefers) and the next free value is taken, so a Service gets the same address whatever else exists.
 * Requested values are honoured, or refused with 422 when taken or out of range. LoadBalancer Services get
 * no ingress here (that is MetalLB's job), so they show {@code <pending>}.
 */
public final class ServiceAllocator implements SimController, Admission {

    public static final int NODE_PORT_MIN = 30000;
    public static final int NODE_PORT_MAX = 32767;

    private long seed;
    private Ipv4 range;
    private String subnet;

    @Override
    public String name() {
        return "service-allocator";
    }

    @Override
    public void admissions(ControllerContext ctx) {
        this.seed = ctx.seed();
        this.subnet = ctx.plan().serviceSubnet();
        this.range = Ipv4.parse(subnet);
        ctx.addAdmission(this);
    }

    @Override
    public void admit(Operation op, ResourceType type, ObjectNode old, ObjectNode svc, StoreView view) {
        if (!type.groupResource().equals("services")) {
            return;
        }
        String ns = svc.path("metadata").path("namespace").asString();
        String name = svc.path("metadata").path("name").asString();
        ObjectNode spec = Json.child(svc, "spec");
        String svcType = spec.path("type").asString("ClusterIP");
        spec.put("type", svcType);
        if (svcType.equals("ExternalName")) {
            return;
        }
        if (!spec.has("sessionAffinity")) {
            spec.put("sessionAffinity", "None");
        }
        if (!spec.has("internalTrafficPolicy")) {
            spec.put("internalTrafficPolicy", "Cluster");
        }
        for (JsonNode p : spec.path("ports")) {
            ObjectNode port = (ObjectNode) p;
            if (!port.has("protocol")) {
                port.put("protocol", "TCP");
            }
            if (!port.has("targetPort")) {
                port.put("targetPort", port.path("port").asInt());
            }
        }
        List<ObjectNode> others = view.all("services", "").stream()
                .filter(s -> !(s.path("metadata").path("namespace").asString().equals(ns)
                        && s.path("metadata").path("name").asString().equals(name)))
                .toList();
        clusterIp(spec, old, others, ns, name);
        boolean nodePorts = svcType.equals("NodePort") || svcType.equals("LoadBalancer");
        if (nodePorts) {
            if (!spec.has("externalTrafficPolicy")) {
                spec.put("externalTrafficPolicy", "Cluster");
            }
            if (svcType.equals("LoadBalancer") && !spec.has("allocateLoadBalancerNodePorts")) {
                spec.put("allocateLoadBalancerNodePorts", true);
            }
            nodePorts(spec, old, others, ns, name);
        } else {
            for (JsonNode p : spec.path("ports")) {
                ((ObjectNode) p).remove("nodePort");
            }
            spec.remove("externalTrafficPolicy");
            spec.remove("healthCheckNodePort");
        }
        if (svcType.equals("LoadBalancer") && !svc.has("status")) {
            svc.putObject("status").putObject("loadBalancer");
        }
    }

    private void clusterIp(ObjectNode spec, ObjectNode old, List<ObjectNode> others, String ns, String name) {
        String requested = spec.path("clusterIP").asString("");
        if (requested.isEmpty() && spec.path("clusterIPs").size() > 0) {
            requested = spec.path("clusterIPs").get(0).asString("");
        }
        String previous = old == null ? "" : old.path("spec").path("clusterIP").asString("");
        String ip;
        if (!previous.isEmpty()) {
            if (!requested.isEmpty() && !requested.equals(previous)) {
                throw StoreException.invalid("Service", name, "spec.clusterIPs[0]: Invalid value: []string{\"" + requested
                        + "\"}: may not change once set");
            }
            ip = previous;
        } else if (requested.equals("None")) {
            ip = "None";
        } else {
            Set<String> used = new HashSet<>();
            others.forEach(s -> used.add(s.path("spec").path("clusterIP").asString("")));
            if (!requested.isEmpty()) {
                if (!range.contains(requested)) {
                    throw StoreException.invalid("Service", name, "spec.clusterIPs: Invalid value: []string{\"" + requested
                            + "\"}: failed to allocate IP " + requested + ": the provided IP (" + requested
                            + ") is not in the valid range. The range of valid IPs is " + subnet);
                }
                if (used.contains(requested)) {
                    throw StoreException.invalid("Service", name, "spec.clusterIPs: Invalid value: []string{\"" + requested
                            + "\"}: failed to allocate IP " + requested + ": provided IP is already allocated");
                }
                ip = requested;
            } else {
                ip = allocateIp(used, ns + "/" + name);
            }
        }
        spec.put("clusterIP", ip);
        spec.putArray("clusterIPs").add(ip);
        if (!spec.has("ipFamilies")) {
            spec.putArray("ipFamilies").add("IPv4");
        }
        if (!spec.has("ipFamilyPolicy")) {
            spec.put("ipFamilyPolicy", "SingleStack");
        }
    }

    private String allocateIp(Set<String> used, String key) {
        long size = range.size();
        long band = Math.min(Math.max(16, size / 16), 256);
        long first = band;
        long count = size - 1 - first; // up to but excluding the broadcast address
        if (count <= 0) {
            first = 1;
            count = size - 2;
        }
        long start = Math.floorMod(Json.hash(seed, "svc/" + key), count);
        for (long i = 0; i < size; i++) {
            long off = first + Math.floorMod(start + i, count);
            String ip = range.address(off);
            if (off != 1 && off != 10 && !used.contains(ip)) {
                return ip;
            }
        }
        for (long off = 2; off < size - 1; off++) {
            String ip = range.address(off);
            if (off != 10 && !used.contains(ip)) {
                return ip;
            }
        }
        throw new StoreException(500, "InternalError", "Internal error occurred: failed to allocate a serviceIP: range is full");
    }

    private void nodePorts(ObjectNode spec, ObjectNode old, List<ObjectNode> others, String ns, String name) {
        Set<Integer> used = new HashSet<>();
        for (ObjectNode s : others) {
            s.path("spec").path("ports").forEach(p -> {
                if (p.has("nodePort")) {
                    used.add(p.path("nodePort").asInt());
                }
            });
            if (s.path("spec").has("healthCheckNodePort")) {
                used.add(s.path("spec").path("healthCheckNodePort").asInt());
            }
        }
        ArrayNode ports = Json.childArray(spec, "ports");
        // requested ports first, so an automatic one never takes a port asked for later in the list
        for (int i = 0; i < ports.size(); i++) {
            ObjectNode p = (ObjectNode) ports.get(i);
            if (p.has("nodePort") && p.path("nodePort").asInt() != 0) {
                int np = p.path("nodePort").asInt();
                boolean keptFromOld = old != null && oldNodePort(old, p) == np;
                if (!keptFromOld && (np < NODE_PORT_MIN || np > NODE_PORT_MAX)) {
                    throw StoreException.invalid("Service", name, "spec.ports[" + i + "].nodePort: Invalid value: " + np
                            + ": provided port is not in the valid range. The range of valid ports is " + NODE_PORT_MIN + "-" + NODE_PORT_MAX);
                }
                if (used.contains(np)) {
                    throw StoreException.invalid("Service", name, "spec.ports[" + i + "].nodePort: Invalid value: " + np
                            + ": provided port is already allocated");
                }
                used.add(np);
            }
        }
        for (int i = 0; i < ports.size(); i++) {
            ObjectNode p = (ObjectNode) ports.get(i);
            if (p.has("nodePort") && p.path("nodePort").asInt() != 0) {
                continue;
            }
            int np = old == null ? 0 : oldNodePort(old, p);
            if (np == 0 || used.contains(np)) {
                np = allocatePort(used, ns + "/" + name + "/" + p.path("port").asInt() + "/" + p.path("protocol").asString());
            }
            used.add(np);
            p.put("nodePort", np);
        }
        if (spec.path("type").asString().equals("LoadBalancer") && spec.path("externalTrafficPolicy").asString().equals("Local")
                && !spec.has("healthCheckNodePort")) {
            int hc = old == null ? 0 : old.path("spec").path("healthCheckNodePort").asInt(0);
            spec.put("healthCheckNodePort", hc != 0 ? hc : allocatePort(used, ns + "/" + name + "/health"));
        }
    }

    private static int oldNodePort(ObjectNode old, JsonNode port) {
        for (JsonNode p : old.path("spec").path("ports")) {
            if (p.path("port").asInt() == port.path("port").asInt()
                    && p.path("protocol").asString("TCP").equals(port.path("protocol").asString("TCP"))) {
                return p.path("nodePort").asInt(0);
            }
        }
        return 0;
    }

    private int allocatePort(Set<Integer> used, String key) {
        int size = NODE_PORT_MAX - NODE_PORT_MIN + 1;
        int band = (int) Math.min(Math.max(16, size / 16), 256);
        int count = size - band;
        int start = (int) Math.floorMod(Json.hash(seed, "nodeport/" + key), (long) count);
        for (int i = 0; i < size; i++) {
            int port = i < count ? NODE_PORT_MIN + band + Math.floorMod(start + i, count) : NODE_PORT_MIN + (i - count);
            if (!used.contains(port)) {
                return port;
            }
        }
        throw new StoreException(500, "InternalError", "Internal error occurred: failed to allocate a nodePort: range is full");
    }
}
