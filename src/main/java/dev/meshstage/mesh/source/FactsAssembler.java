package dev.meshstage.mesh.source;

import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.EndpointFact;
import dev.meshstage.mesh.model.EventFact;
import dev.meshstage.mesh.model.IstioGatewayFact;
import dev.meshstage.mesh.model.MeshParts;
import dev.meshstage.mesh.model.NamespaceFact;
import dev.meshstage.mesh.model.NodeFact;
import dev.meshstage.mesh.model.PodFact;
import dev.meshstage.mesh.model.Reach;
import dev.meshstage.mesh.model.ServiceFact;
import dev.meshstage.mesh.model.TrustFact;
import dev.meshstage.mesh.model.VirtualServiceFact;
import dev.meshstage.mesh.model.WorkloadFact;
import dev.meshstage.pki.Fingerprints;
import dev.meshstage.pki.Pem;
import dev.meshstage.pki.RemoteSecret;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Turns what a source read of one cluster into its {@link ClusterFacts}, the same way for both sources: every list
 * in a fixed order, so equal cluster states give equal models.
 */
final class FactsAssembler {

    static final String ISTIO = "istio-system";
    static final String METALLB = "metallb-system";
    static final String INGRESS = "istio-ingressgateway";
    static final String EASTWEST = "istio-eastwestgateway";
    /** The warnings kept per cluster: the latest ones, which is what status lines and the dashboard strip show. */
    static final int WARNINGS = 20;

    private FactsAssembler() {
    }

    static ClusterFacts assemble(ClusterAccess.ClusterRef ref, ClusterObjects o, List<MeshParts.DiscoveryFact> discovery,
            String nodeSubnet, String peerApiServer) {
        List<NodeFact> nodes = o.nodes().stream().map(ObjectFacts::node).sorted(Comparator.comparing(NodeFact::name)).toList();
        List<NamespaceFact> namespaces = o.namespaces().stream().map(ObjectFacts::namespace)
                .sorted(Comparator.comparing(NamespaceFact::name)).toList();
        List<PodFact> pods = o.pods().stream().sorted(Comparator.comparing(PodFact::namespace).thenComparing(PodFact::name)).toList();
        List<ServiceFact> services = o.services().stream().map(ObjectFacts::service)
                .sorted(Comparator.comparing(ServiceFact::namespace).thenComparing(ServiceFact::name)).toList();
        List<EndpointFact> endpoints = o.endpointSlices().stream().flatMap(s -> ObjectFacts.endpoints(s).stream())
                .sorted(Comparator.comparing(EndpointFact::namespace).thenComparing(EndpointFact::service)
                        .thenComparing(EndpointFact::address))
                .distinct().toList();
        List<WorkloadFact> workloads = new ArrayList<>();
        o.deployments().forEach(d -> workloads.add(ObjectFacts.deployment(d)));
        o.statefulSets().forEach(s -> workloads.add(ObjectFacts.statefulSet(s)));
        o.daemonSets().forEach(d -> workloads.add(ObjectFacts.daemonSet(d)));
        workloads.sort(Comparator.comparing(WorkloadFact::namespace).thenComparing(WorkloadFact::name)
                .thenComparing(WorkloadFact::kind));
        List<IstioGatewayFact> gateways = o.istioGateways().stream().map(ObjectFacts::istioGateway)
                .sorted(Comparator.comparing(IstioGatewayFact::namespace).thenComparing(IstioGatewayFact::name)).toList();
        List<VirtualServiceFact> virtualServices = o.virtualServices().stream().map(ObjectFacts::virtualService)
                .sorted(Comparator.comparing(VirtualServiceFact::namespace).thenComparing(VirtualServiceFact::name)).toList();
        List<EventFact> warnings = o.events().stream().filter(e -> "Warning".equals(e.getType())).map(ObjectFacts::event)
                .sorted(Comparator.comparing(EventFact::lastSeen, Comparator.nullsLast(Comparator.reverseOrder()))
                        .thenComparing(EventFact::namespace).thenComparing(EventFact::objectName)
                        .thenComparing(e -> e.reason() == null ? "" : e.reason()))
                .limit(WARNINGS).toList();
        MeshParts parts = new MeshParts(istiod(workloads), gateway(INGRESS, services, workloads),
                gateway(EASTWEST, services, workloads), trust(o.istioSecrets(), o.istioConfigMaps()),
                remoteSecrets(o.istioSecrets()), discovery, metallb(workloads, o));
        return new ClusterFacts(ref.name(), ref.context(), ref.network(), Reach.OK, nodeSubnet, peerApiServer, nodes, namespaces, pods,
                services, endpoints, workloads, gateways, virtualServices, parts, warnings);
    }

    private static MeshParts.IstiodFact istiod(List<WorkloadFact> workloads) {
        return find(workloads, ISTIO, "istiod", WorkloadFact.Kind.DEPLOYMENT)
                .map(w -> new MeshParts.IstiodFact(w.desired(), w.available(), w.images().isEmpty() ? "" : w.images().get(0)))
                .orElse(null);
    }

    private static MeshParts.GatewayFact gateway(String name, List<ServiceFact> services, List<WorkloadFact> workloads) {
        Optional<ServiceFact> svc = services.stream().filter(s -> s.namespace().equals(ISTIO) && s.name().equals(name)).findFirst();
        Optional<WorkloadFact> deploy = find(workloads, ISTIO, name, WorkloadFact.Kind.DEPLOYMENT);
        if (svc.isEmpty() && deploy.isEmpty()) {
            return null;
        }
        List<String> addresses = svc.map(s -> !s.loadBalancerIps().isEmpty() ? s.loadBalancerIps() : s.externalIps()).orElse(List.of());
        return new MeshParts.GatewayFact(name, svc.map(ServiceFact::type).orElse(null), svc.map(ServiceFact::network).orElse(null),
                addresses, svc.map(ServiceFact::ports).orElse(List.of()), deploy.map(WorkloadFact::desired).orElse(0),
                deploy.map(WorkloadFact::available).orElse(0));
    }

    private static Optional<WorkloadFact> find(List<WorkloadFact> workloads, String ns, String name, WorkloadFact.Kind kind) {
        return workloads.stream().filter(w -> w.kind() == kind && w.namespace().equals(ns) && w.name().equals(name)).findFirst();
    }

    private static MeshParts.MetalLbFact metallb(List<WorkloadFact> workloads, ClusterObjects o) {
        Optional<WorkloadFact> controller = find(workloads, METALLB, "controller", WorkloadFact.Kind.DEPLOYMENT);
        if (controller.isEmpty()) {
            return null;
        }
        Optional<WorkloadFact> speaker = find(workloads, METALLB, "speaker", WorkloadFact.Kind.DAEMONSET);
        List<MeshParts.PoolFact> pools = o.pools().stream()
                .map(p -> new MeshParts.PoolFact(p.getMetadata().getName(),
                        ObjectFacts.list(ObjectFacts.map(p.getAdditionalProperties().get("spec")).get("addresses")).stream()
                                .map(String::valueOf).toList()))
                .sorted(Comparator.comparing(MeshParts.PoolFact::name)).toList();
        return new MeshParts.MetalLbFact(controller.get().serving(), speaker.map(WorkloadFact::ready).orElse(0),
                speaker.map(WorkloadFact::desired).orElse(0), pools);
    }

    // ------------------------------------------------------------------ trust

    static TrustFact trust(List<Secret> secrets, List<ConfigMap> configMaps) {
        Secret cacerts = named(secrets, "cacerts");
        Secret selfSigned = named(secrets, "istio-ca-secret");
        String published = configMaps.stream().filter(c -> "istio-ca-root-cert".equals(c.getMetadata().getName()))
                .map(c -> c.getData() == null ? null : c.getData().get("root-cert.pem")).filter(p -> p != null).findFirst()
                .map(FactsAssembler::fingerprint).orElse(null);
        if (cacerts != null) {
            X509Certificate root = certificate(entry(cacerts, "root-cert.pem"));
            X509Certificate ca = certificate(entry(cacerts, "ca-cert.pem"));
            return new TrustFact(TrustFact.Source.CACERTS, root == null ? null : Fingerprints.sha256(root),
                    ca == null ? null : Fingerprints.sha256(ca), signedBy(ca, root), published);
        }
        if (selfSigned != null) {
            X509Certificate ca = certificate(entry(selfSigned, "ca-cert.pem"));
            String fp = ca == null ? null : Fingerprints.sha256(ca);
            return new TrustFact(TrustFact.Source.SELF_SIGNED, fp, fp, signedBy(ca, ca), published);
        }
        return new TrustFact(TrustFact.Source.NONE, null, null, false, published);
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
        if (cert == null || issuer == null) {
            return false;
        }
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static String fingerprint(String pem) {
        X509Certificate c = certificate(pem);
        return c == null ? null : Fingerprints.sha256(c);
    }

    private static X509Certificate certificate(String pem) {
        if (pem == null || pem.isBlank()) {
            return null;
        }
        try {
            return Pem.certificate(pem, "certificate");
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A certificate entry's text; key entries are never decoded. */
    private static String entry(Secret s, String key) {
        String v = s.getData() == null ? null : s.getData().get(key);
        if (v == null && s.getStringData() != null) {
            return s.getStringData().get(key);
        }
        return v == null || v.isEmpty() ? null : new String(Base64.getMimeDecoder().decode(v), StandardCharsets.UTF_8);
    }

    private static Secret named(List<Secret> secrets, String name) {
        return secrets.stream().filter(s -> name.equals(s.getMetadata().getName())).findFirst().orElse(null);
    }

    // ------------------------------------------------------------------ remote secrets

    static List<MeshParts.RemoteSecretFact> remoteSecrets(List<Secret> secrets) {
        List<MeshParts.RemoteSecretFact> out = new ArrayList<>();
        for (Secret s : secrets) {
            var labels = ObjectFacts.labels(s.getMetadata());
            if (!"true".equals(labels.get(RemoteSecret.MULTICLUSTER_LABEL))) {
                continue;
            }
            String name = s.getMetadata().getName();
            String cluster = ObjectFacts.annotations(s.getMetadata()).get(RemoteSecret.CLUSTER_ANNOTATION);
            try {
                RemoteSecret.Parsed p = RemoteSecret.parse((ObjectNode) Serialization.jsonMapper().valueToTree(s));
                out.add(new MeshParts.RemoteSecretFact(name, p.cluster(), p.server(), loopback(p.server()),
                        p.token() != null && !p.token().isBlank(), null));
            } catch (RuntimeException e) {
                out.add(new MeshParts.RemoteSecretFact(name, cluster, null, false, false,
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            }
        }
        out.sort(Comparator.comparing(MeshParts.RemoteSecretFact::name));
        return out;
    }

    static boolean loopback(String server) {
        if (server == null) {
            return false;
        }
        try {
            String host = URI.create(server).getHost();
            return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
