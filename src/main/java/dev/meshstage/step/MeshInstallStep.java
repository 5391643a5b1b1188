package dev.meshstage.step;

import dev.meshstage.error.BackendException;
import dev.meshstage.backend.ProgressListener;
import dev.meshstage.kube.Applier;
import dev.meshstage.kube.ManifestFiles;
import dev.meshstage.session.Session;
import dev.meshstage.workflow.Step;
import dev.meshstage.workflow.WorkshopProgress;
import dev.meshstage.workshop.ClusterPlan;
import dev.meshstage.workshop.WorkshopPlan;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 3, per cluster and in parallel: the mesh CA's {@code cacerts} (when missing), {@code istio-system} with the
 * network label, istiod and the ingress gateway ({@code configs/istio/<cluster>.yaml}), the east-west gateway
 * ({@code eastwest-gateway-<cluster>.yaml}) with its external address, and the cross-network Gateway
 * ({@code expose-services.yaml}) in istio-system — the official order (§2.1), which installs the CA first.
 */
@Component
public class MeshInstallStep {

    public static final String EASTWEST = "istio-eastwestgateway";
    public static final String INGRESS = "istio-ingressgateway";
    public static final String CROSS_NETWORK_GATEWAY = "cross-network-gateway";
    static final ResourceDefinitionContext GATEWAYS = new ResourceDefinitionContext.Builder()
            .withGroup("networking.istio.io").withVersion("v1").withKind("Gateway").withPlural("gateways")
            .withNamespaced(true).build();
    /** MetalLB answers in seconds; longer means no pool fits the Service (or no MetalLB at all). */
    private static final Duration EXTERNAL_IP = Duration.ofSeconds(60);

    private final Session session;
    private final WorkshopProgress workshop;
    private final MeshCaStep ca;

    public MeshInstallStep(Session session, WorkshopProgress workshop, MeshCaStep ca) {
        this.session = session;
        this.workshop = workshop;
        this.ca = ca;
    }

    public List<StepReport> run(List<ClusterPlan> clusters, ProgressListener progress) {
        workshop.require("mesh install", Step.LOAD_BALANCER, clusters);
        WorkshopPlan plan = session.plan();
        List<ClusterPlan> withoutCa = clusters.stream().filter(c -> !ca.installed(c)).toList();
        List<StepReport> caReports = withoutCa.isEmpty() ? List.of() : ca.run(withoutCa, false).clusters();
        return PerCluster.run(clusters, c -> {
            StepReport caReport = caReports.stream().filter(r -> r.cluster().equals(c.name())).findFirst().orElse(null);
            if (caReport != null && caReport.status() == StepReport.Status.FAILED) {
                return caReport;
            }
            return install(plan, c, caReport == null ? List.of() : caReport.lines(), progress);
        });
    }

    private static String networkLabel(KubernetesClient client, String service) {
        var s = client.services().inNamespace(IstioNamespace.NAME).withName(service).get();
        return s == null || s.getMetadata().getLabels() == null ? null : s.getMetadata().getLabels().get("topology.istio.io/network");
    }

    private StepReport install(WorkshopPlan plan, ClusterPlan c, List<String> caLines, ProgressListener progress) {
        KubernetesClient client = session.client(c.name());
        List<String> lines = new ArrayList<>(caLines);
        if (caLines.isEmpty()) {
            String ns = IstioNamespace.ensure(client, c.network());
            if (ns != null) {
                lines.add(ns);
            }
        }
        // istioctl install is declarative: anything it made that has drifted (a scaled-down or relabelled gateway) is
        // made again, so the step counts as done only when every part is as it would make it
        boolean installedBefore = ready(client, "istiod") && ready(client, EASTWEST) && externalIp(client, EASTWEST) != null
                && c.network().equals(networkLabel(client, EASTWEST))
                && client.genericKubernetesResources(GATEWAYS).inNamespace(IstioNamespace.NAME)
                        .withName(CROSS_NETWORK_GATEWAY).get() != null;
        if (!installedBefore) {
            // an attached cluster has no files of its own in configs/istio/: made from the workshop's
            Path istio = c.isAttached() ? AttachedIstioFiles.istio(plan, session.home(), c) : plan.istioConfig(c.name());
            Path eastWest = c.isAttached() ? AttachedIstioFiles.eastWestGateway(plan, session.home(), c)
                    : plan.eastWestGatewayConfig(c.name());
            progress.progress(c.name(), "istioctl install -f " + istio.getFileName());
            session.backendFor(c.name()).istioInstall(c, istio, progress);
            progress.progress(c.name(), "istioctl install -f " + eastWest.getFileName());
            session.backendFor(c.name()).istioInstall(c, eastWest, progress);
            requireReady(client, "istiod");
            requireReady(client, EASTWEST);
            progress.progress(c.name(), "waiting for the east-west gateway's external IP");
        }
        String ewIp = waitForExternalIp(client, EASTWEST);
        Deployment istiod = client.apps().deployments().inNamespace(IstioNamespace.NAME).withName("istiod").get();
        lines.add("istiod ready (" + istiod.getSpec().getTemplate().getSpec().getContainers().get(0).getImage() + ")");
        lines.add("east-west gateway " + ewIp + ":15443 (network " + c.network() + ")");
        var ingress = client.services().inNamespace(IstioNamespace.NAME).withName(INGRESS).get();
        if (ingress != null) {
            lines.add("ingress gateway " + GatewayAddress.of(ingress, AppIngress.HTTP_PORT, c).describe());
        }
        for (ObjectNode o : ManifestFiles.read(plan.exposeServicesConfig(), plan.exposeServicesConfig().toString())) {
            ((ObjectNode) o.path("metadata")).put("namespace", IstioNamespace.NAME);
            lines.add(Applier.apply(client, o).describe() + " (*.local on 15443, AUTO_PASSTHROUGH)");
        }
        if (installedBefore) {
            lines.add(0, "already installed");
            return StepReport.alreadyDone(c.name(), lines);
        }
        return StepReport.done(c.name(), lines);
    }

    private static boolean ready(KubernetesClient client, String deployment) {
        Deployment d = client.apps().deployments().inNamespace(IstioNamespace.NAME).withName(deployment).get();
        return d != null && d.getStatus() != null && d.getStatus().getAvailableReplicas() != null
                && d.getStatus().getAvailableReplicas() > 0;
    }

    private static void requireReady(KubernetesClient client, String deployment) {
        if (!ready(client, deployment)) {
            throw new BackendException(deployment + " is not ready after the install: kubectl -n istio-system describe deploy/"
                    + deployment);
        }
    }

    static String externalIp(KubernetesClient client, String service) {
        Service s = client.services().inNamespace(IstioNamespace.NAME).withName(service).get();
        if (s == null || s.getStatus() == null || s.getStatus().getLoadBalancer() == null
                || s.getStatus().getLoadBalancer().getIngress() == null) {
            return null;
        }
        return s.getStatus().getLoadBalancer().getIngress().stream().map(i -> i.getIp()).filter(ip -> ip != null)
                .findFirst().orElse(null);
    }

    /** Without it the other network's istiod has no gateway for this network and sends pod IPs (failure #4). */
    private static String waitForExternalIp(KubernetesClient client, String service) {
        long deadline = System.nanoTime() + EXTERNAL_IP.toNanos();
        while (true) {
            String ip = externalIp(client, service);
            if (ip != null) {
                return ip;
            }
            if (System.nanoTime() > deadline) {
                throw new BackendException("the east-west gateway has no external IP (EXTERNAL-IP <pending>) after "
                        + EXTERNAL_IP.toSeconds() + "s: is MetalLB running with a pool? run 'lb install'");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackendException("interrupted while waiting for the east-west gateway's IP");
            }
        }
    }
}
