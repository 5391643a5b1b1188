package dev.meshstage.session;

import dev.meshstage.backend.kind.ProcessRunner;
import dev.meshstage.backend.kind.ToolsCheck;
import dev.meshstage.kube.AppCatalog;
import dev.meshstage.kube.Kustomize;
import dev.meshstage.mesh.doctor.Doctor;
import dev.meshstage.mesh.doctor.DoctorInput;
import dev.meshstage.mesh.doctor.DoctorReport;
import dev.meshstage.mesh.doctor.ToolFact;
import dev.meshstage.mesh.doctor.WorkshopExpectations;
import dev.meshstage.mesh.source.SnapshotSource;
import dev.meshstage.workshop.ClusterPlan;
import dev.meshstage.workshop.WorkshopFiles;
import dev.meshstage.workshop.WorkshopPlan;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
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
 * Gathers the doctor's input — one read of every cluster, what the workshop directory expects, the backend's tools —
 * and runs the checks. The checks themselves are pure ({@link Doctor}).
 */
@Service
public class DoctorService {

    static final String APP_NAMESPACE = "simple-buy";

    private final Session session;
    private final MeshModels models;

    /** The last expectations read, and the state of the files they were read from (rendering costs more than the checks). */
    private record Read(WorkshopFiles files, WorkshopExpectations expectations) {
    }

    private volatile Read last;

    public DoctorService(Session session, MeshModels models) {
        this.session = session;
        this.models = models;
    }

    /** @param cluster only the findings about this cluster (and the mesh as a whole); null for all */
    public DoctorReport examine(String cluster) {
        WorkshopPlan plan = session.plan();
        String only = cluster == null ? null : session.resolveCluster(cluster).name();
        DoctorInput in = new DoctorInput(models.snapshot(SnapshotSource.Depth.MESH), cachedExpectations(plan),
                session.backendName(), tools());
        return Doctor.examine(in, only);
    }

    /** The sim needs no tools; the kind backend drives docker, kind, istioctl and kubectl. */
    private List<ToolFact> tools() {
        if (!"kind".equals(session.backendName())) {
            return List.of();
        }
        return new ToolsCheck(new ProcessRunner(System.getenv())).check().stream()
                .map(t -> new ToolFact(t.tool(), t.found(), t.version(), t.problem(), t.installHint())).toList();
    }

    /** Read again only when a file of configs/ or sample-app/ changed (name, size or time), so an edit counts at once. */
    private WorkshopExpectations cachedExpectations(WorkshopPlan plan) {
        WorkshopFiles files = WorkshopFiles.of(plan.directory());
        Read read = last;
        if (read == null || !read.files().equals(files)) {
            read = new Read(files, expectations(plan));
            last = read;
        }
        return read.expectations();
    }

    static WorkshopExpectations expectations(WorkshopPlan plan) {
        Kustomize kustomize = new Kustomize();
        Map<String, List<ObjectNode>> rendered = new LinkedHashMap<>();
        for (ClusterPlan c : plan.clusters()) {
            Path dir = plan.appManifests(c.name());
            if (Files.isRegularFile(dir.resolve("kustomization.yaml"))) {
                rendered.put(c.name(), kustomize.render(dir));
            }
        }
        AppCatalog catalog = new AppCatalog(rendered);
        Set<String> serviceNames = new LinkedHashSet<>();
        rendered.values().forEach(objects -> objects.stream().filter(o -> kind(o).equals("Service"))
                .forEach(o -> serviceNames.add(name(o))));
        List<WorkshopExpectations.ClusterExpectation> clusters = new ArrayList<>();
        for (ClusterPlan c : plan.clusters()) {
            List<ObjectNode> objects = rendered.getOrDefault(c.name(), List.of());
            String appDir = rendered.containsKey(c.name()) ? plan.directory().relativize(plan.appManifests(c.name())).toString() : null;
            WorkshopExpectations.ManifestNamespace namespace = objects.stream()
                    .filter(o -> kind(o).equals("Namespace") && name(o).equals(APP_NAMESPACE)).findFirst()
                    .map(o -> new WorkshopExpectations.ManifestNamespace(name(o),
                            "enabled".equals(o.path("metadata").path("labels").path("istio-injection").asString())))
                    .orElse(null);
            List<WorkshopExpectations.ManifestWorkload> workloads = catalog.services().stream()
                    .filter(s -> s.cluster().equals(c.name()))
                    .map(s -> new WorkshopExpectations.ManifestWorkload(s.name(), catalog.namedHosts(c.name(), s.name()).stream()
                            .filter(serviceNames::contains).toList()))
                    .toList();
            List<WorkshopExpectations.ManifestService> services = objects.stream().filter(o -> kind(o).equals("Service"))
                    .map(o -> new WorkshopExpectations.ManifestService(name(o), "None".equals(o.at("/spec/clusterIP").asString()),
                            selectsLocalPods(o, objects)))
                    .toList();
            int controlPlanes = (int) c.nodes().stream().filter(ClusterPlan.NodePlan::controlPlane).count();
            clusters.add(new WorkshopExpectations.ClusterExpectation(c.name(), c.network(),
                    c.kindConfig() == null ? null : plan.directory().relativize(c.kindConfig()).toString(), controlPlanes, c.nodes().size() - controlPlanes,
                    c.podSubnet(), c.serviceSubnet(), c.poolRanges(), appDir, namespace, workloads, services));
        }
        return new WorkshopExpectations(APP_NAMESPACE, clusters);
    }

    private static boolean selectsLocalPods(ObjectNode service, List<ObjectNode> objects) {
        JsonNode selector = service.at("/spec/selector");
        if (selector.size() == 0) {
            return false;
        }
        return objects.stream().filter(o -> Set.of("Deployment", "StatefulSet", "DaemonSet").contains(kind(o)))
                .map(o -> o.at("/spec/template/metadata/labels"))
                .anyMatch(labels -> selector.properties().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey()))));
    }

    private static String kind(ObjectNode o) {
        return o.path("kind").asString();
    }

    private static String name(ObjectNode o) {
        return o.path("metadata").path("name").asString();
    }
}
