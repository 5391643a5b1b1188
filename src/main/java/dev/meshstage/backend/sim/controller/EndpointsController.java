package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.FieldSelector;
import dev.meshstage.backend.sim.store.LabelSelector;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.backend.sim.store.WatchEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The endpoints and endpointslice controllers: for every Service with a selector, the pods it selects that
 * have an IP — ready ones as addresses / {@code ready: true}, the others as notReadyAddresses /
 * {@code ready: false} (all ready with publishNotReadyAddresses) — with named target ports resolved per
 * pod. Pods whose ports resolve differently end up in different subsets / slices, as upstream.
 */
public final class EndpointsController implements SimController {

    public static final String MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
    public static final String SLICE_CONTROLLER = "endpointslice-controller.k8s.io";
    public static final String SERVICE_NAME = "kubernetes.io/service-name";

    @Override
    public String name() {
        return "endpoint-controller";
    }

    @Override
    public String fieldManager() {
        return "kube-controller-manager";
    }

    @Override
    public List<ResourceType> watches(ResourceRegistry registry) {
        return List.of(registry.require("v1", "Service"), registry.require("v1", "Pod"));
    }

    @Override
    public void onEvent(WatchEvent e, ControllerContext ctx) {
        String ns = e.namespace();
        if (e.object().path("kind").asString().equals("Service") && e.type() == WatchEvent.Type.DELETED) {
            String name = e.name();
            ctx.enqueue(null, () -> {
                ResourceType ep = ctx.type("v1", "Endpoints");
                if (ctx.store().find(ep, ns, name) != null) {
                    ctx.store().delete(ep, ns, name, null, null);
                }
            });
            return;
        }
        ctx.enqueue("endpoints/" + ns, () -> reconcileNamespace(ctx, ns));
    }

    private void reconcileNamespace(ControllerContext ctx, String ns) {
        ObjectStore store = ctx.store();
        List<ObjectNode> services = store.list(ctx.type("v1", "Service"), ns);
        if (services.isEmpty()) {
            return;
        }
        List<ObjectNode> pods = store.listReadOnly(ctx.type("v1", "Pod"), ns, LabelSelector.everything(),
                FieldSelector.everything()).items(); // only read: addresses are copied out of them
        for (ObjectNode svc : services) {
            LabelSelector selector = LabelSelector.fromMap(svc.path("spec").path("selector"));
            if (selector == null || svc.path("spec").path("type").asString("").equals("ExternalName")) {
                continue;
            }
            List<ObjectNode> selected = pods.stream()
                    .filter(p -> selector.matches(p) && Pods.active(p) && !p.path("status").path("podIP").asString("").isEmpty())
                    .sorted(Comparator.comparingLong(p -> Ipv4.toLong(p.path("status").path("podIP").asString())))
                    .toList();
            reconcile(ctx, svc, selected);
        }
    }

    private record Group(List<ObjectNode> ports, List<ObjectNode> pods) {
    }

    private void reconcile(ControllerContext ctx, ObjectNode svc, List<ObjectNode> pods) {
        String ns = svc.path("metadata").path("namespace").asString();
        String name = svc.path("metadata").path("name").asString();
        boolean publishNotReady = svc.path("spec").path("publishNotReadyAddresses").asBoolean(false);
        boolean headless = "None".equals(svc.path("spec").path("clusterIP").asString());
        // group pods by how the service ports resolve in them
        Map<String, Group> groups = new LinkedHashMap<>();
        for (ObjectNode pod : pods) {
            List<ObjectNode> ports = new ArrayList<>();
            boolean ok = true;
            for (JsonNode sp : svc.path("spec").path("ports")) {
                String protocol = sp.path("protocol").asString("TCP");
                int port = Pods.resolvePort(pod, sp.path("targetPort").isMissingNode() ? sp.path("port") : sp.path("targetPort"), protocol);
                if (port <= 0) {
                    continue;
                }
                ObjectNode p = Json.object();
                if (sp.has("name")) {
                    p.put("name", sp.path("name").asString());
                }
                p.put("port", port);
                p.put("protocol", protocol);
                if (sp.has("appProtocol")) {
                    p.put("appProtocol", sp.path("appProtocol").asString());
                }
                ports.add(p);
            }
            if (ports.isEmpty() && svc.path("spec").path("ports").size() > 0) {
                ok = false;
            }
            if (!ok) {
                continue;
            }
            groups.computeIfAbsent(ports.toString(), k -> new Group(ports, new ArrayList<>())).pods.add(pod);
        }
        ObjectNode labels = svc.path("metadata").path("labels").isObject()
                ? (ObjectNode) svc.path("metadata").path("labels").deepCopy() : Json.object();
        labels.remove(List.of(MANAGED_BY, SERVICE_NAME));
        if (headless) {
            labels.put("service.kubernetes.io/headless", "");
        }
        writeEndpoints(ctx, ns, name, labels, groups.values(), publishNotReady);
        writeSlices(ctx, svc, labels, new ArrayList<>(groups.values()), publishNotReady);
    }

    private static ObjectNode targetRef(JsonNode pod) {
        ObjectNode ref = Json.object();
        ref.put("kind", "Pod");
        ref.put("name", pod.path("metadata").path("name").asString());
        ref.put("namespace", pod.path("metadata").path("namespace").asString());
        ref.put("uid", pod.path("metadata").path("uid").asString());
        return ref;
    }

    private static String hostname(JsonNode pod, String service) {
        String sub = pod.path("spec").path("subdomain").asString("");
        String host = pod.path("spec").path("hostname").asString("");
        return !host.isEmpty() && sub.equals(service) ? host : null;
    }

    private void writeEndpoints(ControllerContext ctx, String ns, String name, ObjectNode labels,
            java.util.Collection<Group> groups, boolean publishNotReady) {
        ResourceType type = ctx.type("v1", "Endpoints");
        ObjectNode ep = Json.newObject("v1", "Endpoints", ns, name);
        if (!labels.isEmpty()) {
            Json.meta(ep).set("labels", labels.deepCopy());
        }
        ArrayNode subsets = Json.array();
        for (Group g : groups) {
            ObjectNode subset = Json.object();
            ArrayNode ready = Json.array();
            ArrayNode notReady = Json.array();
            for (ObjectNode pod : g.pods) {
                ObjectNode a = Json.object();
                String host = hostname(pod, name);
                if (host != null) {
                    a.put("hostname", host);
                }
                a.put("ip", pod.path("status").path("podIP").asString());
                a.put("nodeName", pod.path("spec").path("nodeName").asString());
                a.set("targetRef", targetRef(pod));
                (publishNotReady || Pods.ready(pod) ? ready : notReady).add(a);
            }
            if (!ready.isEmpty()) {
                subset.set("addresses", ready);
            }
            if (!notReady.isEmpty()) {
                subset.set("notReadyAddresses", notReady);
            }
            ArrayNode ports = subset.putArray("ports");
            g.ports.forEach(ports::add);
            subsets.add(subset);
        }
        if (!subsets.isEmpty()) {
            ep.set("subsets", subsets);
        }
        ObjectNode existing = ctx.store().find(type, ns, name);
        if (existing == null) {
            ctx.store().create(type, ns, ep);
            return;
        }
        if (java.util.Objects.equals(existing.get("subsets"), ep.get("subsets"))
                && java.util.Objects.equals(existing.path("metadata").get("labels"), ep.path("metadata").get("labels"))) {
            return;
        }
        ObjectNode updated = existing.deepCopy();
        if (ep.has("subsets")) {
            updated.set("subsets", ep.get("subsets"));
        } else {
            updated.remove("subsets");
        }
        if (!labels.isEmpty()) {
            Json.meta(updated).set("labels", labels.deepCopy());
        } else {
            Json.meta(updated).remove("labels");
        }
        ctx.store().update(type, ns, name, updated);
    }

    private void writeSlices(ControllerContext ctx, ObjectNode svc, ObjectNode svcLabels, List<Group> groups,
            boolean publishNotReady) {
        ResourceType type = ctx.type("discovery.k8s.io/v1", "EndpointSlice");
        String ns = svc.path("metadata").path("namespace").asString();
        String name = svc.path("metadata").path("name").asString();
        List<ObjectNode> existing = new ArrayList<>();
        for (ObjectNode s : ctx.store().list(type, ns)) {
            if (name.equals(Json.stringMap(s.path("metadata").path("labels")).get(SERVICE_NAME))
                    && SLICE_CONTROLLER.equals(Json.stringMap(s.path("metadata").path("labels")).get(MANAGED_BY))) {
                existing.add(s);
            }
        }
        ObjectNode labels = svcLabels.deepCopy();
        labels.put(MANAGED_BY, SLICE_CONTROLLER);
        labels.put(SERVICE_NAME, name);
        List<ObjectNode> desired = new ArrayList<>();
        for (Group g : groups) {
            ObjectNode slice = Json.object();
            slice.put("addressType", "IPv4");
            ArrayNode endpoints = slice.putArray("endpoints");
            for (ObjectNode pod : g.pods) {
                ObjectNode e = endpoints.addObject();
                e.putArray("addresses").add(pod.path("status").path("podIP").asString());
                boolean ready = publishNotReady || Pods.ready(pod);
                ObjectNode cond = e.putObject("conditions");
                cond.put("ready", ready);
                cond.put("serving", Pods.ready(pod) || publishNotReady);
                cond.put("terminating", false);
                String host = hostname(pod, name);
                if (host != null) {
                    e.put("hostname", host);
                }
                e.put("nodeName", pod.path("spec").path("nodeName").asString());
                e.set("targetRef", targetRef(pod));
            }
            ArrayNode ports = slice.putArray("ports");
            for (ObjectNode p : g.ports) {
                ObjectNode sp = p.deepCopy();
                if (!sp.has("name")) {
                    sp.put("name", "");
                }
                ports.add(sp);
            }
            desired.add(slice);
        }
        if (desired.isEmpty()) {
            ObjectNode placeholder = Json.object();
            placeholder.put("addressType", "IPv4");
            placeholder.putNull("endpoints");
            placeholder.putNull("ports");
            desired.add(placeholder);
        }
        for (int i = 0; i < desired.size(); i++) {
            ObjectNode want = desired.get(i);
            if (i < existing.size()) {
                ObjectNode have = existing.get(i);
                if (java.util.Objects.equals(have.get("endpoints"), want.get("endpoints"))
                        && java.util.Objects.equals(have.get("ports"), want.get("ports"))
                        && labels.equals(have.path("metadata").path("labels"))) {
                    continue;
                }
                ObjectNode updated = have.deepCopy();
                updated.set("endpoints", want.get("endpoints"));
                updated.set("ports", want.get("ports"));
                Json.meta(updated).set("labels", labels.deepCopy());
                ctx.store().update(type, ns, have.path("metadata").path("name").asString(), updated);
            } else {
                ObjectNode slice = Json.object();
                slice.put("apiVersion", "discovery.k8s.io/v1");
                slice.put("kind", "EndpointSlice");
                ObjectNode meta = slice.putObject("metadata");
                meta.put("generateName", name + "-");
                meta.put("namespace", ns);
                meta.set("labels", labels.deepCopy());
                meta.putArray("ownerReferences").add(Json.controllerRef(svc));
                slice.setAll(want);
                ctx.store().create(type, ns, slice);
            }
        }
        for (int i = desired.size(); i < existing.size(); i++) {
            ctx.store().delete(type, ns, existing.get(i).path("metadata").path("name").asString(), null, null);
        }
    }
}
