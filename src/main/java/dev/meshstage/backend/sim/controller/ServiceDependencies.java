package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.FieldSelector;
import dev.meshstage.backend.sim.store.LabelSelector;
import dev.meshstage.backend.sim.store.ObjectStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The in-cluster services a container's configuration points at (database, broker and gRPC URLs in its
 * env), and whether they answer yet — so an app in the sim becomes ready only after what it connects to,
 * as a real one that retries its connections at start-up does.
 */
final class ServiceDependencies {

    /** {@code scheme://user:pw@host[.ns[.svc[.cluster.local]]]:port…} or a bare {@code host:port}. */
    private static final Pattern URL = Pattern.compile(
            "(?:[a-z][a-z0-9+.-]*://)?(?:[^@/\\s]+@)?([a-z0-9]([-a-z0-9]*[a-z0-9])?)(?:\\.([a-z0-9-]+))?(?:\\.svc(?:\\.cluster\\.local)?)?:(\\d{2,5})\\b");

    record Dependency(String service, int port) {
    }

    private ServiceDependencies() {
    }

    /** The Services of {@code namespace} named by the container's env values (already resolved from ConfigMaps and Secrets). */
    static List<Dependency> of(JsonNode container, String namespace, ControllerContext ctx) {
        Set<Dependency> out = new LinkedHashSet<>();
        for (JsonNode e : container.path("env")) {
            Matcher m = URL.matcher(e.path("value").asString(""));
            while (m.find()) {
                String service = m.group(1);
                String ns = m.group(3);
                if ((ns == null || ns.equals(namespace))
                        && ctx.store().find(ctx.type("v1", "Service"), namespace, service) != null) {
                    out.add(new Dependency(service, Integer.parseInt(m.group(4))));
                }
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * The first dependency still starting: a Service backed by pods of this cluster, none of them ready yet.
     * A Service with no pods behind it here (a stub whose endpoints are in the other cluster, reached across
     * the mesh) never holds anyone back.
     */
    static Optional<Dependency> waitingFor(ControllerContext ctx, String namespace, List<Dependency> deps) {
        ObjectStore store = ctx.store();
        for (Dependency d : deps) {
            ObjectNode svc = store.find(ctx.type("v1", "Service"), namespace, d.service());
            LabelSelector selector = svc == null ? null : LabelSelector.fromMap(svc.path("spec").path("selector"));
            if (selector == null) {
                continue;
            }
            List<ObjectNode> backing = store.listReadOnly(ctx.type("v1", "Pod"), namespace, selector, FieldSelector.everything()).items();
            boolean anyReady = backing.stream().anyMatch(p -> "True".equals(Json.condition(p, "Ready").path("status").asString("")));
            if (!backing.isEmpty() && !anyReady) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    static String clusterIp(ControllerContext ctx, String namespace, String service) {
        ObjectNode svc = ctx.store().find(ctx.type("v1", "Service"), namespace, service);
        String ip = svc == null ? "" : svc.path("spec").path("clusterIP").asString("");
        return ip.isEmpty() || ip.equals("None") ? service : ip;
    }
}
