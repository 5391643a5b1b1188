package dev.meshstage.mesh;

import dev.meshstage.kube.ApiErrors;
import dev.meshstage.pki.Fingerprints;
import dev.meshstage.pki.Pem;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Reads one cluster's part of {@link MeshStatus} through the Kubernetes API; it never writes. Only certificates are
 * read from the CA Secrets, never their keys' content.
 */
public final class MeshStatusReader {

    private static final String ISTIO = "istio-system";
    private static final ResourceDefinitionContext POOLS = context("metallb.io", "v1beta1", "IPAddressPool", "ipaddresspools");
    private static final ResourceDefinitionContext GATEWAYS = context("networking.istio.io", "v1", "Gateway", "gateways");

    private MeshStatusReader() {
    }

    public static MeshStatus.ClusterMesh read(String cluster, KubernetesClient client) {
        try {
            Deployment metallb = client.apps().deployments().inNamespace("metallb-system").withName("controller").get();
            Deployment istiod = client.apps().deployments().inNamespace(ISTIO).withName("istiod").get();
            Namespace ns = client.namespaces().withName(ISTIO).get();
            Service ew = client.services().inNamespace(ISTIO).withName("istio-eastwestgateway").get();
            Secret cacerts = client.secrets().inNamespace(ISTIO).withName("cacerts").get();
            Secret selfSigned = cacerts == null ? client.secrets().inNamespace(ISTIO).withName("istio-ca-secret").get() : null;
            ConfigMap root = client.configMaps().inNamespace(ISTIO).withName("istio-ca-root-cert").get();
            String rootPem = root != null && root.getData() != null ? root.getData().get("root-cert.pem")
                    : cacerts != null ? entry(cacerts, "root-cert.pem") : null;
            Secret signing = cacerts != null ? cacerts : selfSigned;
            return new MeshStatus.ClusterMesh(cluster, true, null,
                    metallb == null ? null : available(metallb) ? "ready" : "not ready",
                    metallb == null ? List.of() : pools(client),
                    istiod == null ? null : available(istiod) ? image(istiod) : "not ready",
                    cacerts != null ? "cacerts" : selfSigned != null ? "self-signed" : null,
                    ns == null || ns.getMetadata().getLabels() == null ? null
                            : ns.getMetadata().getLabels().get("topology.istio.io/network"),
                    ew == null ? null : externalIp(ew),
                    crossNetwork(client),
                    fingerprint(rootPem),
                    signing == null ? null : fingerprint(entry(signing, "ca-cert.pem")));
        } catch (KubernetesClientException e) {
            return MeshStatus.ClusterMesh.unreachable(cluster, ApiErrors.explain(e));
        }
    }

    private static boolean available(Deployment d) {
        return d.getStatus() != null && d.getStatus().getAvailableReplicas() != null && d.getStatus().getAvailableReplicas() > 0;
    }

    private static String image(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    private static String externalIp(Service s) {
        if (s.getStatus() == null || s.getStatus().getLoadBalancer() == null || s.getStatus().getLoadBalancer().getIngress() == null) {
            return "";
        }
        return s.getStatus().getLoadBalancer().getIngress().stream().map(i -> i.getIp()).filter(ip -> ip != null)
                .findFirst().orElse("");
    }

    @SuppressWarnings("unchecked")
    private static List<String> pools(KubernetesClient client) {
        List<String> out = new ArrayList<>();
        try {
            for (GenericKubernetesResource p : client.genericKubernetesResources(POOLS).inNamespace("metallb-system").list().getItems()) {
                Object spec = p.getAdditionalProperties().get("spec");
                Object addresses = spec instanceof Map<?, ?> m ? m.get("addresses") : null;
                out.add(p.getMetadata().getName() + " " + (addresses instanceof List<?> l
                        ? String.join(",", ((List<Object>) l).stream().map(String::valueOf).toList()) : ""));
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
        return out;
    }

    /** {@code *.local on 15443 (AUTO_PASSTHROUGH)} from the Gateway's first server. */
    @SuppressWarnings("unchecked")
    private static String crossNetwork(KubernetesClient client) {
        GenericKubernetesResource g;
        try {
            g = client.genericKubernetesResources(GATEWAYS).inNamespace(ISTIO).withName("cross-network-gateway").get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return null;
            }
            throw e;
        }
        if (g == null) {
            return null;
        }
        Object spec = g.getAdditionalProperties().get("spec");
        Object servers = spec instanceof Map<?, ?> m ? m.get("servers") : null;
        if (!(servers instanceof List<?> list) || list.isEmpty() || !(list.get(0) instanceof Map<?, ?> server)) {
            return "no servers";
        }
        Object port = server.get("port") instanceof Map<?, ?> p ? p.get("number") : "?";
        Object mode = server.get("tls") instanceof Map<?, ?> t ? t.get("mode") : "no TLS mode";
        Object hosts = server.get("hosts") instanceof List<?> h ? String.join(",", ((List<Object>) h).stream().map(String::valueOf).toList()) : "";
        return hosts + " on " + port + " (" + mode + ")";
    }

    private static String entry(Secret s, String key) {
        String v = s.getData() == null ? null : s.getData().get(key);
        return v == null || v.isEmpty() ? null : new String(Base64.getMimeDecoder().decode(v), StandardCharsets.UTF_8);
    }

    private static String fingerprint(String pem) {
        if (pem == null || pem.isBlank()) {
            return null;
        }
        try {
            return Fingerprints.sha256(Pem.certificate(pem, "certificate"));
        } catch (RuntimeException e) {
            return "unreadable";
        }
    }

    private static ResourceDefinitionContext context(String group, String version, String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }
}
