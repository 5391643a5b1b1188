package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.Admission;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.backend.sim.store.StoreException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * kube-apiserver calling MetalLB's validating webhooks. The hooks exist only once
 * {@code ValidatingWebhookConfiguration metallb-webhook-configuration} does, and they are served by the
 * controller pod behind {@code metallb-webhook-service}: until that pod is ready the Service has no
 * endpoints, the call is refused and, with {@code failurePolicy: Fail}, so is the object — the error every
 * workshop hits when it applies its pool right after the manifests. Once the controller is ready the hooks
 * validate the way MetalLB does: the namespace, the address syntax and no address in two pools.
 */
final class MetalLbWebhook implements Admission {

    static final String CONFIGURATION = "metallb-webhook-configuration";
    private static final String CONFIGURATIONS = "validatingwebhookconfigurations.admissionregistration.k8s.io";
    private static final String POOLS = "ipaddresspools.metallb.io";

    @Override
    public void admit(Operation op, ResourceType type, ObjectNode old, ObjectNode object, StoreView view) {
        if (!type.group().equals("metallb.io")) {
            return;
        }
        ObjectNode configuration = view.find(CONFIGURATIONS, "", CONFIGURATION);
        JsonNode hook = configuration == null ? null : matching(configuration, op, type);
        if (hook == null) {
            return;
        }
        String unreachable = unreachable(hook, view);
        if (unreachable != null) {
            if (hook.path("failurePolicy").asString("Fail").equals("Fail")) {
                throw new StoreException(500, "InternalError", "Internal error occurred: failed calling webhook \""
                        + hook.path("name").asString() + "\": failed to call webhook: Post \"" + url(hook) + "\": " + unreachable);
            }
            return;
        }
        String denied = switch (type.kind()) {
            case "IPAddressPool" -> validatePool(object, view);
            case "L2Advertisement" -> validateL2Advertisement(object);
            default -> null;
        };
        if (denied != null) {
            // controller-runtime's admission.Denied answers 403, and the API server prefixes the webhook's name
            throw new StoreException(403, "Forbidden", "admission webhook \"" + hook.path("name").asString()
                    + "\" denied the request: " + denied);
        }
    }

    /** The webhook whose rules cover this write, or null. */
    private static JsonNode matching(ObjectNode configuration, Operation op, ResourceType type) {
        for (JsonNode hook : configuration.path("webhooks")) {
            for (JsonNode rule : hook.path("rules")) {
                if (has(rule.path("apiGroups"), type.group()) && has(rule.path("apiVersions"), type.version())
                        && has(rule.path("operations"), op.name()) && has(rule.path("resources"), type.plural())) {
                    return hook;
                }
            }
        }
        return null;
    }

    private static boolean has(JsonNode list, String value) {
        for (JsonNode v : list) {
            if (v.asString("").equals(value) || v.asString("").equals("*")) {
                return true;
            }
        }
        return false;
    }

    /** Why the API server cannot reach the hook's service (as Go's dialer says it), or null when it can. */
    private static String unreachable(JsonNode hook, StoreView view) {
        JsonNode ref = hook.path("clientConfig").path("service");
        String ns = ref.path("namespace").asString();
        String name = ref.path("name").asString();
        ObjectNode service = view.find("services", ns, name);
        if (service == null) {
            return "service \"" + name + "\" not found";
        }
        ObjectNode endpoints = view.find("endpoints", ns, name);
        boolean ready = false;
        if (endpoints != null) {
            for (JsonNode subset : endpoints.path("subsets")) {
                ready |= !subset.path("addresses").isEmpty();
            }
        }
        // kube-proxy rejects connections to a Service without ready endpoints
        return ready ? null : "dial tcp " + service.path("spec").path("clusterIP").asString() + ":" + port(hook)
                + ": connect: connection refused";
    }

    private static int port(JsonNode hook) {
        return hook.path("clientConfig").path("service").path("port").asInt(443);
    }

    private static String url(JsonNode hook) {
        JsonNode ref = hook.path("clientConfig").path("service");
        return "https://" + ref.path("name").asString() + "." + ref.path("namespace").asString() + ".svc:" + port(hook)
                + ref.path("path").asString("") + "?timeout=" + hook.path("timeoutSeconds").asInt(10) + "s";
    }

    /** MetalLB validates the pool together with all the others: the new one replaces its old self or joins at the end. */
    private static String validatePool(ObjectNode pool, StoreView view) {
        String ns = pool.path("metadata").path("namespace").asString();
        if (!ns.equals(MetalLbController.NAMESPACE)) {
            return "resource must be created in " + MetalLbController.NAMESPACE + " namespace";
        }
        List<JsonNode> pools = new ArrayList<>(view.all(POOLS, ns));
        String name = pool.path("metadata").path("name").asString();
        boolean replaced = false;
        for (int i = 0; i < pools.size(); i++) {
            if (pools.get(i).path("metadata").path("name").asString().equals(name)) {
                pools.set(i, pool);
                replaced = true;
            }
        }
        if (!replaced) {
            pools.add(pool);
        }
        record Block(String cidr, MetalLbAddresses range) {
        }
        List<Block> seen = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode p : pools) {
            String poolName = p.path("metadata").path("name").asString();
            if (!names.add(poolName)) {
                return "duplicate definition of pool \"" + poolName + "\"";
            }
            JsonNode addresses = p.path("spec").path("addresses");
            if (addresses.isEmpty()) {
                return "parsing address pool " + poolName + ": pool has no prefixes defined";
            }
            for (JsonNode address : addresses) {
                MetalLbAddresses range;
                try {
                    range = MetalLbAddresses.parse(address.asString(""));
                } catch (IllegalArgumentException e) {
                    return "parsing address pool " + poolName + ": invalid CIDR \"" + address.asString("") + "\" in pool \""
                            + poolName + "\": " + e.getMessage();
                }
                for (String cidr : range.cidrs()) {
                    MetalLbAddresses block = MetalLbAddresses.parse(cidr);
                    for (Block other : seen) {
                        if (other.range().first() <= block.last() && block.first() <= other.range().last()) {
                            return "CIDR \"" + cidr + "\" in pool \"" + poolName + "\" overlaps with already defined CIDR \""
                                    + other.cidr() + "\"";
                        }
                    }
                    seen.add(new Block(cidr, block));
                }
            }
        }
        return null;
    }

    private static String validateL2Advertisement(ObjectNode advertisement) {
        if (!advertisement.path("metadata").path("namespace").asString().equals(MetalLbController.NAMESPACE)) {
            return "resource must be created in " + MetalLbController.NAMESPACE + " namespace";
        }
        Set<String> pools = new HashSet<>();
        for (JsonNode pool : advertisement.path("spec").path("ipAddressPools")) {
            if (!pools.add(pool.asString(""))) {
                return "duplicate definition of ipAddressPools \"" + pool.asString("") + "\"";
            }
        }
        return null;
    }
}
