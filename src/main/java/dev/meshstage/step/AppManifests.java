package dev.meshstage.step;

import dev.meshstage.error.BackendException;
import dev.meshstage.error.UsageException;
import dev.meshstage.kube.AppCatalog;
import dev.meshstage.kube.Kustomize;
import dev.meshstage.workshop.ClusterPlan;
import dev.meshstage.workshop.WorkshopPlan;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Simple Buy as the workshop directory lays it out, per cluster: the first cluster gets {@code sample-app/}
 * ({@code kubectl apply -k sample-app}), every other cluster its {@code sample-app/<cluster>-manifests/}
 * (the workshop's {@code cluster2-manifests}). Rendered fresh each time, so an edited file counts at once.
 */
public final class AppManifests {

    public static final String NAMESPACE = "simple-buy";

    private final Map<String, Path> dirs;
    private final Map<String, List<ObjectNode>> rendered;
    private final AppCatalog catalog;
    /** {@code sample-app/<service>-local/}: a replica of a remote service for the first cluster, applied only when named. */
    private final Map<String, List<ObjectNode>> localReplicas;

    private AppManifests(Map<String, Path> dirs, Map<String, List<ObjectNode>> rendered, Map<String, List<ObjectNode>> localReplicas) {
        this.dirs = dirs;
        this.rendered = rendered;
        this.catalog = new AppCatalog(rendered);
        this.localReplicas = localReplicas;
    }

    public static AppManifests of(WorkshopPlan plan) {
        Map<String, Path> dirs = new LinkedHashMap<>();
        Map<String, List<ObjectNode>> rendered = new LinkedHashMap<>();
        Kustomize kustomize = new Kustomize();
        for (ClusterPlan c : plan.clusters()) {
            String cluster = c.name();
            Path dir = plan.appManifests(cluster);
            if (Files.isDirectory(dir)) {
                dirs.put(cluster, dir);
                rendered.put(cluster, kustomize.render(dir));
            }
        }
        Map<String, List<ObjectNode>> replicas = new LinkedHashMap<>();
        try (var subdirs = Files.list(plan.sampleApp())) {
            subdirs.filter(d -> d.getFileName().toString().endsWith("-local") && Files.isRegularFile(d.resolve("kustomization.yaml")))
                    .sorted().forEach(d -> replicas.put(d.getFileName().toString().replaceFirst("-local$", ""), kustomize.render(d)));
        } catch (java.io.IOException e) {
            // no sample-app directory: nothing to add
        }
        return new AppManifests(dirs, rendered, replicas);
    }

    /** Whether {@code service} is a local replica the first cluster can take ({@code sample-app/<service>-local/}). */
    private boolean localReplica(ClusterPlan cluster, String service) {
        return localReplicas.containsKey(service) && !dirs.isEmpty() && dirs.keySet().iterator().next().equals(cluster.name())
                && !services(cluster.name()).contains(service);
    }

    public AppCatalog catalog() {
        return catalog;
    }

    /** The directory applied to {@code cluster}, e.g. {@code sample-app/cluster2-manifests}. */
    public Path dir(ClusterPlan cluster) {
        Path dir = dirs.get(cluster.name());
        if (dir == null) {
            throw new BackendException("the workshop has no app manifests for " + cluster.name() + " (expected "
                    + cluster.name() + "-manifests/ under sample-app/)");
        }
        return dir;
    }

    /** Service names of {@code cluster}'s manifests, in rendering order. */
    public List<String> services(String cluster) {
        return catalog.services().stream().filter(s -> s.cluster().equals(cluster)).map(AppCatalog.AppService::name).toList();
    }

    /** Service names of every cluster (for completion). */
    public Set<String> allServices() {
        Set<String> names = new LinkedHashSet<>();
        catalog.services().forEach(s -> names.add(s.name()));
        return names;
    }

    /**
     * What to apply: the whole directory, or the named services with what they need, in kustomize order.
     *
     * @throws UsageException for a service this cluster's manifests do not have, naming the ones they do
     */
    public List<ObjectNode> objects(ClusterPlan cluster, List<String> services) {
        dir(cluster);
        List<ObjectNode> all = rendered.get(cluster.name());
        if (services.isEmpty()) {
            return all;
        }
        Set<String> wanted = new LinkedHashSet<>();
        List<ObjectNode> replicas = new ArrayList<>();
        for (String service : services) {
            if (localReplica(cluster, service)) {
                replicas.addAll(localReplicas.get(service));
                continue;
            }
            requireService(cluster, service);
            catalog.manifests(cluster.name(), service).forEach(o -> wanted.add(id(o)));
        }
        List<ObjectNode> out = new ArrayList<>(all.stream().filter(o -> wanted.contains(id(o))).toList());
        out.addAll(replicas);
        return out;
    }

    /** Only the services' own objects (workload and the Services selecting it), for {@code app delete SERVICE}. */
    public List<ObjectNode> ownObjects(ClusterPlan cluster, List<String> services) {
        Set<String> shared = new LinkedHashSet<>();
        Set<String> own = new LinkedHashSet<>();
        List<ObjectNode> replicas = new ArrayList<>();
        for (String service : services) {
            if (localReplica(cluster, service)) {
                localReplicas.get(service).stream().filter(o -> "Deployment".equals(o.path("kind").asString())).forEach(replicas::add);
                continue;
            }
            requireService(cluster, service);
            catalog.dependencies(cluster.name(), service).forEach(o -> shared.add(id(o)));
            catalog.manifests(cluster.name(), service).forEach(o -> own.add(id(o)));
        }
        own.removeAll(shared);
        List<ObjectNode> out = new ArrayList<>(rendered.get(cluster.name()).stream().filter(o -> own.contains(id(o))).toList());
        out.addAll(replicas);
        return out;
    }

    private void requireService(ClusterPlan cluster, String service) {
        List<String> here = services(cluster.name());
        if (here.contains(service)) {
            return;
        }
        List<String> elsewhere = new ArrayList<>();
        catalog.services().stream().filter(s -> s.name().equals(service)).forEach(s -> elsewhere.add(s.cluster()));
        String hint = elsewhere.isEmpty() ? ""
                : "; " + service + " runs in " + String.join(", ", elsewhere) + ": 'app deploy --cluster " + elsewhere.get(0)
                        + " " + service + "'";
        throw new UsageException("unknown service '" + service + "' for " + cluster.name()
                + (elsewhere.isEmpty() ? dev.meshstage.DidYouMean.hint(service, allServices()) : "") + ": its manifests ("
                + dir(cluster).getFileName() + "/) have " + String.join(", ", here) + hint);
    }

    private static String id(ObjectNode o) {
        return o.path("apiVersion").asString() + "/" + o.path("kind").asString() + "/"
                + o.path("metadata").path("namespace").asString() + "/" + o.path("metadata").path("name").asString();
    }
}
