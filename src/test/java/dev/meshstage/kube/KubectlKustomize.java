package dev.meshstage.kube;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The reference implementation: {@code kubectl kustomize} (kustomize v5.5 is built into kubectl
 * 1.32). Tests compare our rendering with it object by object, as parsed trees, order included.
 */
final class KubectlKustomize {

    private static final List<Path> CANDIDATES = List.of(
            Path.of("/usr/lib/google-cloud-sdk/bin/kubectl.1.32"), Path.of("/usr/bin/kubectl"),
            Path.of("/usr/local/bin/kubectl"));

    private KubectlKustomize() {
    }

    static Optional<Path> find() {
        return CANDIDATES.stream().filter(Files::isExecutable).findFirst();
    }

    /** Skips the calling test, saying why, when there is no kubectl to compare with. */
    static Path require() {
        Optional<Path> kubectl = find();
        assumeTrue(kubectl.isPresent(), "no kubectl found (looked at " + CANDIDATES
                + "); skipping the comparison with kubectl kustomize");
        return kubectl.get();
    }

    static List<ObjectNode> render(Path kubectl, Path dir) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("kubectl kustomize %s failed:%n%s", dir, output).isZero();
        List<ObjectNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> documents = YAMLMapper.builder().build().readerFor(JsonNode.class).readValues(output)) {
            while (documents.hasNextValue()) {
                JsonNode document = documents.nextValue();
                if (document instanceof ObjectNode object) {
                    objects.add(object);
                }
            }
        }
        return objects;
    }

    /** Asserts that our rendering of {@code dir} equals kubectl's; skips when kubectl is missing. */
    static void assertSameAsKubectl(Path dir) throws IOException, InterruptedException {
        List<ObjectNode> expected = render(require(), dir);
        List<ObjectNode> actual = new Kustomize().render(dir);
        assertThat(actual.stream().map(KubectlKustomize::id).toList())
                .as("objects and their order").isEqualTo(expected.stream().map(KubectlKustomize::id).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as(id(expected.get(i))).isEqualTo(expected.get(i));
        }
    }

    /** The same comparison where kubectl exists; a no-op elsewhere, so the caller's own assertions still run. */
    static void assertSameAsKubectlIfPresent(Path dir) throws IOException, InterruptedException {
        if (find().isPresent()) {
            assertSameAsKubectl(dir);
        }
    }

    private static String id(ObjectNode object) {
        return object.path("kind").asString() + " " + object.path("metadata").path("namespace").asString()
                + "/" + object.path("metadata").path("name").asString();
    }
}
