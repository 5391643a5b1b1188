package dev.meshstage.workflow;

import dev.meshstage.DidYouMean;
import dev.meshstage.error.BackendException;
import dev.meshstage.workshop.ClusterPlan;
import dev.meshstage.workshop.WorkshopPlan;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The topics {@code explain} knows ({@code guide/explain.yaml}), joined with the workshop plan so the files
 * it names are the ones this workshop directory really has.
 */
public final class Explanations {

    private static final String RESOURCE = "/guide/explain.yaml";
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Map<String, Topic> TOPICS = load();

    private record Topic(String step, List<String> commands, String title, String creates, String files,
            List<String> concept, List<Explanation.Failure> failures) {
    }

    private Explanations() {
    }

    /** Every name {@code explain} accepts: topic names and the commands that perform them. */
    public static Set<String> names() {
        Set<String> names = new LinkedHashSet<>(TOPICS.keySet());
        TOPICS.values().forEach(t -> names.addAll(t.commands()));
        return names;
    }

    /** @throws BackendException for a name that is neither a topic nor one of their commands, with the closest */
    public static Explanation explain(String given, WorkshopPlan plan) {
        String name = given.strip();
        for (Map.Entry<String, Topic> e : TOPICS.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) || e.getValue().commands().contains(name)
                    || Step.find(name).map(Step::id).filter(e.getKey()::equals).isPresent()) {
                return build(e.getKey(), e.getValue(), plan);
            }
        }
        throw new BackendException("nothing to explain about '" + given + "'" + DidYouMean.hint(name, names())
                + ": explain takes a step (" + String.join(", ", TOPICS.keySet()) + ") or the command that does it");
    }

    private static Explanation build(String name, Topic t, WorkshopPlan plan) {
        Map<String, List<String>> files = new LinkedHashMap<>();
        String note = null;
        for (int i = 0; i < plan.clusters().size(); i++) {
            ClusterPlan c = plan.clusters().get(i);
            List<String> here = switch (t.files()) {
                case "kind" -> List.of(relative(plan, c.kindConfig()));
                case "metallb" -> List.of(relative(plan, plan.metallbConfig(c.name())));
                case "istio" -> List.of(relative(plan, plan.istioConfig(c.name())),
                        relative(plan, plan.eastWestGatewayConfig(c.name())), relative(plan, plan.exposeServicesConfig()));
                case "app" -> kustomization(plan, i == 0 ? plan.sampleApp() : plan.sampleApp().resolve(c.name() + "-manifests"));
                default -> List.of();
            };
            if (!here.isEmpty()) {
                files.put(c.name(), here);
            }
        }
        switch (t.files()) {
            case "metallb" -> note = "and MetalLB v0.14.9's metallb-native.yaml, bundled in meshstage";
            case "images" -> note = "no files: the images named by configs/istio, MetalLB and sample-app/kustomization.yaml";
            case "ca" -> note = "no files from the workshop: the CA is made here, and only certificates are applied";
            case "link" -> note = "no files: each secret is made from the API address of the cluster it names and a service-account token";
            default -> { }
        }
        Step step = t.step() == null ? null : Step.find(t.step()).orElseThrow();
        return new Explanation(name, step, t.commands(), t.title(), t.creates(), files, note, t.concept(), t.failures());
    }

    /** The kustomization file and the resources it lists, as {@code kubectl apply -k} reads them. */
    private static List<String> kustomization(WorkshopPlan plan, Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        List<String> out = new ArrayList<>(List.of(relative(plan, file)));
        try {
            JsonNode k = YAML.readTree(Files.readString(file));
            k.path("resources").forEach(r -> out.add(relative(plan, dir.resolve(r.asString()))));
        } catch (IOException | RuntimeException e) {
            throw new BackendException("cannot read " + file + ": " + e.getMessage());
        }
        return out;
    }

    private static String relative(WorkshopPlan plan, Path file) {
        Path dir = plan.directory().toAbsolutePath().normalize();
        Path f = file.toAbsolutePath().normalize();
        return f.startsWith(dir) ? dir.relativize(f).toString() : f.toString();
    }

    private static Map<String, Topic> load() {
        try (InputStream in = Explanations.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            Map<String, Map<String, Topic>> file = YAML.readValue(in, new TypeReference<Map<String, Map<String, Topic>>>() { });
            return new LinkedHashMap<>(file.get("topics"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
