package dev.meshstage.render;

import dev.meshstage.backend.ImagePreload;
import dev.meshstage.kube.Applier;
import dev.meshstage.mesh.AppWorkload;
import dev.meshstage.step.AppIngress;
import dev.meshstage.step.GatewayAddress;

import java.util.List;

/** Text for the {@code app} and {@code images} commands. Pure: data in, lines out. */
public final class AppRenderer {

    private AppRenderer() {
    }

    /** kubectl's apply lines (or one line when nothing changed), then the workloads as they stand. */
    public static String deployed(String cluster, String dir, List<Applier.Applied> applied, List<AppWorkload> workloads,
            boolean unchanged) {
        StringBuilder sb = new StringBuilder();
        if (unchanged) {
            sb.append(cluster).append(": nothing changed (").append(applied.size()).append(" objects of ").append(dir)
                    .append("/ unchanged)\n");
        } else {
            sb.append(cluster).append(": applied ").append(dir).append("/\n");
            applied.forEach(a -> sb.append("  ").append(a.describe()).append('\n'));
        }
        Table t = new Table("WORKLOAD", "KIND", "READY", "STATUS", "SIDECAR", "IMAGE");
        workloads.forEach(w -> t.row(w.name(), w.kind(), w.ready() + "/" + w.desired(), w.status(), sidecar(w), w.image()));
        sb.append(t.render());
        return sb.toString();
    }

    /** Workloads × clusters, then the reasons of those not ready. */
    public static String status(List<AppWorkload> workloads) {
        if (workloads.isEmpty()) {
            return "no app deployed (namespace simple-buy is empty or missing): run 'app deploy'\n";
        }
        Table t = new Table("CLUSTER", "WORKLOAD", "KIND", "READY", "CONTAINERS", "RESTARTS", "STATUS", "SIDECAR", "IMAGE");
        workloads.forEach(w -> t.row(w.cluster(), w.name(), w.kind(), w.ready() + "/" + w.desired(), w.containers(),
                w.restarts(), w.status(), sidecar(w), w.image()));
        StringBuilder sb = new StringBuilder(t.render());
        List<AppWorkload> unready = workloads.stream().filter(w -> !w.reasons().isEmpty()).toList();
        if (!unready.isEmpty()) {
            sb.append("not ready:\n");
            unready.forEach(w -> w.reasons().forEach(r -> sb.append("  ").append(w.cluster()).append('/').append(w.name())
                    .append(": ").append(r).append('\n')));
        }
        return sb.toString();
    }

    public static String url(AppIngress.AppUrl url) {
        StringBuilder sb = new StringBuilder();
        sb.append("ingress gateway of ").append(url.cluster()).append(" (istio-system/istio-ingressgateway, port ")
                .append(AppIngress.HTTP_PORT).append(")\n");
        GatewayAddress a = url.address();
        if (a.loadBalancer()) {
            sb.append("  load balancer   ").append(a.ip() == null ? "<pending> (is MetalLB installed? 'lb install')"
                    : "http://" + a.ip() + "/   (GATEWAY_IP: reachable from the node network)").append('\n');
        } else {
            sb.append("  type            ").append(a.type()).append(" (no load-balancer IP: reach it by its node port)\n");
        }
        if (a.nodePort() != null) {
            sb.append("  node port       ").append(a.hostPort() == null ? a.nodePort() + " (no kind extraPortMappings maps it)"
                    : "http://localhost:" + a.hostPort() + "/   (kind extraPortMappings for nodePort " + a.nodePort() + ")")
                    .append('\n');
        }
        if (url.open() != null) {
            sb.append("  open            ").append(url.open()).append("   (app open, while this shell runs)\n");
        } else {
            sb.append("next: app open [--port 8080] to reach it on http://127.0.0.1:8080/ from this machine\n");
        }
        return sb.toString();
    }

    /** One line per image and cluster; failures say what to do. */
    public static String preloaded(List<ImagePreload> results) {
        StringBuilder sb = new StringBuilder();
        for (ImagePreload r : results) {
            sb.append(r.cluster()).append(": ").append(r.loaded() ? "loaded  " : "FAILED  ").append(r.image())
                    .append(r.detail().isEmpty() ? "" : " (" + r.detail() + ")").append('\n');
        }
        long failed = results.stream().filter(r -> !r.loaded()).count();
        sb.append(results.size() - failed).append(" loaded, ").append(failed).append(" failed\n");
        return sb.toString();
    }

    private static String sidecar(AppWorkload w) {
        return w.sidecar() ? "istio-proxy" : "none";
    }
}
