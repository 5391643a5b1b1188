package dev.meshstage.mesh.source;

import dev.meshstage.mesh.model.ContainerIssue;
import dev.meshstage.mesh.model.EndpointFact;
import dev.meshstage.mesh.model.EventFact;
import dev.meshstage.mesh.model.IstioGatewayFact;
import dev.meshstage.mesh.model.NamespaceFact;
import dev.meshstage.mesh.model.NodeFact;
import dev.meshstage.mesh.model.PodFact;
import dev.meshstage.mesh.model.ServiceFact;
import dev.meshstage.mesh.model.VirtualServiceFact;
import dev.meshstage.mesh.model.WorkloadFact;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Typed API objects (fabric8's model) into the model's facts: the one place that knows the objects' shapes. */
final class ObjectFacts {

    private ObjectFacts() {
    }

    static NodeFact node(Node n) {
        boolean ready = n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        Map<String, String> labels = labels(n.getMetadata());
        List<String> roles = labels.keySet().stream().filter(k -> k.startsWith("node-role.kubernetes.io/"))
                .map(k -> k.substring("node-role.kubernetes.io/".length())).sorted().toList();
        String ip = n.getStatus() == null || n.getStatus().getAddresses() == null ? null : n.getStatus().getAddresses().stream()
                .filter(a -> "InternalIP".equals(a.getType())).map(NodeAddress::getAddress).findFirst().orElse(null);
        return new NodeFact(n.getMetadata().getName(), ready, roles, ip,
                labels.containsKey("node.kubernetes.io/exclude-from-external-load-balancers"));
    }

    static NamespaceFact namespace(Namespace n) {
        return new NamespaceFact(n.getMetadata().getName(), labels(n.getMetadata()));
    }

    static PodFact pod(Pod p) {
        PodPrinter.Printed printed = PodPrinter.print(p);
        Map<String, String> labels = labels(p.getMetadata());
        // the injector's record, as the snapshot's table rows carry it too
        boolean sidecar = annotations(p.getMetadata()).containsKey(PodFact.SIDECAR_STATUS_ANNOTATION);
        String ip = p.getStatus() == null ? null : emptyToNull(p.getStatus().getPodIP());
        PodFact fact = new PodFact(p.getMetadata().getNamespace(), p.getMetadata().getName(), printed.ready(), printed.total(),
                printed.status(), printed.restarts(), sidecar, labels.get(NamespaceFact.NETWORK), ip,
                emptyToNull(p.getSpec() == null ? null : p.getSpec().getNodeName()), labels,
                instant(p.getMetadata().getCreationTimestamp()));
        return fact.needsReasons() ? fact.withUnready(unready(p)) : fact;
    }

    /** The app containers that are not ready, in the order of their statuses, with the kubelet's reason and message. */
    static List<ContainerIssue> unready(Pod p) {
        List<ContainerStatus> statuses = p.getStatus() == null || p.getStatus().getContainerStatuses() == null ? List.of()
                : p.getStatus().getContainerStatuses();
        List<ContainerIssue> out = new ArrayList<>();
        for (ContainerStatus s : statuses) {
            if (Boolean.TRUE.equals(s.getReady())) {
                continue;
            }
            var waiting = s.getState() == null ? null : s.getState().getWaiting();
            var terminated = s.getState() == null ? null : s.getState().getTerminated();
            String reason = waiting != null ? waiting.getReason() : terminated != null ? terminated.getReason() : null;
            String message = waiting != null ? waiting.getMessage() : terminated != null ? terminated.getMessage() : null;
            out.add(new ContainerIssue(s.getName(), s.getImage(), emptyToNull(reason), emptyToNull(message)));
        }
        return out;
    }

    static ServiceFact service(Service s) {
        var spec = s.getSpec();
        List<ServiceFact.PortFact> ports = spec.getPorts() == null ? List.of() : spec.getPorts().stream().map(ObjectFacts::port).toList();
        List<String> lb = s.getStatus() == null || s.getStatus().getLoadBalancer() == null
                || s.getStatus().getLoadBalancer().getIngress() == null ? List.of()
                : s.getStatus().getLoadBalancer().getIngress().stream().map(i -> i.getIp() != null ? i.getIp() : i.getHostname())
                        .filter(Objects::nonNull).toList();
        return new ServiceFact(s.getMetadata().getNamespace(), s.getMetadata().getName(),
                spec.getType() == null ? "ClusterIP" : spec.getType(), emptyToNull(spec.getClusterIP()),
                spec.getSelector() == null ? Map.of() : spec.getSelector(), ports, labels(s.getMetadata()), lb,
                spec.getExternalIPs() == null ? List.of() : spec.getExternalIPs());
    }

    private static ServiceFact.PortFact port(ServicePort p) {
        String target = p.getTargetPort() == null ? String.valueOf(p.getPort())
                : p.getTargetPort().getStrVal() != null ? p.getTargetPort().getStrVal() : String.valueOf(p.getTargetPort().getIntVal());
        return new ServiceFact.PortFact(p.getName(), p.getPort() == null ? 0 : p.getPort(), target,
                p.getProtocol() == null ? "TCP" : p.getProtocol(), p.getNodePort() == null ? 0 : p.getNodePort());
    }

    static List<EndpointFact> endpoints(EndpointSlice slice) {
        Map<String, String> labels = labels(slice.getMetadata());
        String service = labels.get("kubernetes.io/service-name");
        if (service == null || slice.getEndpoints() == null) {
            return List.of();
        }
        List<EndpointFact> out = new ArrayList<>();
        for (Endpoint e : slice.getEndpoints()) {
            boolean ready = e.getConditions() == null || !Boolean.FALSE.equals(e.getConditions().getReady());
            String pod = e.getTargetRef() != null && "Pod".equals(e.getTargetRef().getKind()) ? e.getTargetRef().getName() : null;
            for (String address : e.getAddresses() == null ? List.<String>of() : e.getAddresses()) {
                out.add(new EndpointFact(slice.getMetadata().getNamespace(), service, address, ready, pod, e.getNodeName()));
            }
        }
        return out;
    }

    static WorkloadFact deployment(Deployment d) {
        var st = d.getStatus();
        return workload(WorkloadFact.Kind.DEPLOYMENT, d.getMetadata(), d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas(),
                st == null ? 0 : orZero(st.getReadyReplicas()), st == null ? 0 : orZero(st.getAvailableReplicas()),
                d.getSpec().getTemplate(), d.getSpec().getSelector(), st == null ? null : st.getObservedGeneration());
    }

    static WorkloadFact statefulSet(StatefulSet s) {
        var st = s.getStatus();
        int ready = st == null ? 0 : orZero(st.getReadyReplicas());
        return workload(WorkloadFact.Kind.STATEFULSET, s.getMetadata(), s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas(),
                ready, st == null ? 0 : st.getAvailableReplicas() == null ? ready : st.getAvailableReplicas(),
                s.getSpec().getTemplate(), s.getSpec().getSelector(), st == null ? null : st.getObservedGeneration());
    }

    static WorkloadFact daemonSet(DaemonSet d) {
        var st = d.getStatus();
        return workload(WorkloadFact.Kind.DAEMONSET, d.getMetadata(), st == null ? 0 : orZero(st.getDesiredNumberScheduled()),
                st == null ? 0 : orZero(st.getNumberReady()), st == null ? 0 : orZero(st.getNumberAvailable()),
                d.getSpec().getTemplate(), d.getSpec().getSelector(), st == null ? null : st.getObservedGeneration());
    }

    private static WorkloadFact workload(WorkloadFact.Kind kind, ObjectMeta meta, int desired, int ready, int available,
            PodTemplateSpec template, LabelSelector selector, Long observedGeneration) {
        boolean observed = (observedGeneration == null ? 0L : observedGeneration)
                >= (meta.getGeneration() == null ? 0L : meta.getGeneration());
        List<Container> cs = template == null || template.getSpec() == null ? List.of() : template.getSpec().getContainers();
        return new WorkloadFact(kind, meta.getNamespace(), meta.getName(), desired, ready, available,
                cs.stream().map(Container::getName).toList(), cs.stream().map(c -> c.getImage() == null ? "" : c.getImage()).toList(),
                selector == null || selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels(),
                template == null ? Map.of() : annotations(template.getMetadata()), observed);
    }

    @SuppressWarnings("unchecked")
    static IstioGatewayFact istioGateway(GenericKubernetesResource g) {
        Map<String, Object> spec = map(g.getAdditionalProperties().get("spec"));
        Map<String, String> selector = new java.util.TreeMap<>();
        map(spec.get("selector")).forEach((k, v) -> selector.put(k, String.valueOf(v)));
        List<IstioGatewayFact.Server> servers = new ArrayList<>();
        for (Object o : list(spec.get("servers"))) {
            Map<String, Object> s = map(o);
            Map<String, Object> port = map(s.get("port"));
            Map<String, Object> tls = map(s.get("tls"));
            servers.add(new IstioGatewayFact.Server(integer(port.get("number")), string(port.get("name")), string(port.get("protocol")),
                    list(s.get("hosts")).stream().map(String::valueOf).toList(), string(tls.get("mode"))));
        }
        return new IstioGatewayFact(g.getMetadata().getNamespace(), g.getMetadata().getName(), selector, servers);
    }

    static VirtualServiceFact virtualService(GenericKubernetesResource v) {
        Map<String, Object> spec = map(v.getAdditionalProperties().get("spec"));
        List<VirtualServiceFact.HttpRoute> routes = new ArrayList<>();
        for (Object o : list(spec.get("http"))) {
            Map<String, Object> http = map(o);
            List<String> matches = new ArrayList<>();
            for (Object m : list(http.get("match"))) {
                Map<String, Object> uri = map(map(m).get("uri"));
                for (String kind : List.of("prefix", "exact", "regex")) {
                    if (uri.containsKey(kind)) {
                        matches.add(kind + ":" + uri.get(kind));
                    }
                }
            }
            Map<String, Object> dest = map(map(list(http.get("route")).stream().findFirst().orElse(Map.of())).get("destination"));
            routes.add(new VirtualServiceFact.HttpRoute(string(http.get("name")), matches, string(dest.get("host")),
                    integer(map(dest.get("port")).get("number"))));
        }
        return new VirtualServiceFact(v.getMetadata().getNamespace(), v.getMetadata().getName(),
                list(spec.get("gateways")).stream().map(String::valueOf).toList(),
                list(spec.get("hosts")).stream().map(String::valueOf).toList(), routes);
    }

    static EventFact event(Event e) {
        Instant last = instant(e.getLastTimestamp());
        if (last == null && e.getEventTime() != null) {
            last = instant(e.getEventTime().getTime());
        }
        if (last == null) {
            last = instant(e.getMetadata().getCreationTimestamp());
        }
        return new EventFact(e.getMetadata().getNamespace(), e.getInvolvedObject() == null ? "" : e.getInvolvedObject().getKind(),
                e.getInvolvedObject() == null ? "" : e.getInvolvedObject().getName(), e.getReason(), e.getMessage(),
                e.getCount() == null ? 1 : e.getCount(), last);
    }

    // ------------------------------------------------------------------ small helpers

    static Map<String, String> labels(ObjectMeta m) {
        return m == null || m.getLabels() == null ? Map.of() : m.getLabels();
    }

    static Map<String, String> annotations(ObjectMeta m) {
        return m == null || m.getAnnotations() == null ? Map.of() : m.getAnnotations();
    }

    static Instant instant(String ts) {
        if (ts == null || ts.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(ts);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<Object> list(Object o) {
        return o instanceof List<?> l ? new ArrayList<>(l) : List.of();
    }

    private static String string(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    private static int integer(Object o) {
        if (o instanceof Number n) {
            return n.intValue();
        }
        try {
            return o == null ? 0 : Integer.parseInt(String.valueOf(o));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
