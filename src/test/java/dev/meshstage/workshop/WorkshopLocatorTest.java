package dev.meshstage.workshop;

import dev.meshstage.workshop.WorkshopLocator.Location;
import dev.meshstage.workshop.WorkshopLocator.Source;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkshopLocatorTest {

    @TempDir
    Path temp;

    @Test
    void theOptionWinsOverEverythingElse() {
        Path option = TestWorkshops.copyOfRepository(temp.resolve("option"));
        Path fromEnv = TestWorkshops.copyOfRepository(temp.resolve("env"));
        WorkshopLocator locator = new WorkshopLocator(Map.of("MESHSTAGE_WORKSHOP", fromEnv.toString()),
                TestWorkshops.REPOSITORY, temp.resolve("home"));

        assertThat(locator.locate(option)).isEqualTo(new Location(option, Source.OPTION));
    }

    @Test
    void aRelativeOptionIsResolvedAgainstTheCurrentDirectory() {
        TestWorkshops.copyOfRepository(temp.resolve("ws"));
        WorkshopLocator locator = new WorkshopLocator(Map.of(), temp, temp.resolve("home"));

        assertThat(locator.locate(Path.of("ws"))).isEqualTo(new Location(temp.resolve("ws"), Source.OPTION));
    }

    @Test
    void theEnvironmentComesNext() {
        Path fromEnv = TestWorkshops.copyOfRepository(temp.resolve("env"));
        WorkshopLocator locator = new WorkshopLocator(Map.of("MESHSTAGE_WORKSHOP", fromEnv.toString()),
                TestWorkshops.REPOSITORY, temp.resolve("home"));

        assertThat(locator.locate(null)).isEqualTo(new Location(fromEnv, Source.ENVIRONMENT));
    }

    @Test
    void thenTheCurrentDirectoryWhenItHoldsConfigs() {
        WorkshopLocator locator = new WorkshopLocator(Map.of(), TestWorkshops.REPOSITORY, temp.resolve("home"));

        assertThat(locator.locate(null)).isEqualTo(new Location(TestWorkshops.REPOSITORY, Source.CURRENT_DIRECTORY));
    }

    @Test
    void elseTheBundledCopyIsExtractedIntoTheHomeAndLoads() {
        Path home = temp.resolve("home");
        WorkshopLocator locator = new WorkshopLocator(Map.of(), temp.resolve("elsewhere"), home);

        Location location = locator.locate(null);

        assertThat(location).isEqualTo(new Location(home.resolve("workshop"), Source.BUNDLED));
        WorkshopPlan plan = new WorkshopLoader().load(location.directory());
        assertThat(plan.clusterNames()).containsExactly("cluster1", "cluster2");
        assertThat(location.directory().resolve("configs/kind/cluster1-config.yaml"))
                .hasSameTextualContentAs(TestWorkshops.REPOSITORY.resolve("configs/kind/cluster1-config.yaml"));
        assertThat(location.directory().resolve("sample-app/cluster2-manifests/kustomization.yaml"))
                .hasSameTextualContentAs(TestWorkshops.REPOSITORY.resolve("sample-app/cluster2-manifests/kustomization.yaml"));
    }

    @Test
    void extractionKeepsFilesTheLearnerEdited() throws IOException {
        Path target = temp.resolve("workshop");
        int first = WorkshopLocator.extractBundled(target);
        Path edited = target.resolve("configs/metallb/metallb-cluster1.yaml");
        Files.writeString(edited, "# mine\n");
        Files.delete(target.resolve("configs/istio/expose-services.yaml"));

        int second = WorkshopLocator.extractBundled(target);

        long files;
        try (var configs = Files.walk(TestWorkshops.REPOSITORY.resolve("configs"));
             var app = Files.walk(TestWorkshops.REPOSITORY.resolve("sample-app"))) {
            files = java.util.stream.Stream.concat(configs, app).filter(Files::isRegularFile).count();
        }
        assertThat(first).as("every file of configs/ and sample-app/").isEqualTo((int) files).isGreaterThan(30);
        assertThat(second).isEqualTo(1);
        assertThat(edited).hasContent("# mine");
        assertThat(target.resolve("configs/istio/expose-services.yaml")).isRegularFile();
    }

    @Test
    void anOptionWithoutConfigsIsRejectedWithAHint() {
        WorkshopLocator locator = new WorkshopLocator(Map.of(), temp, temp.resolve("home"));

        assertThatThrownBy(() -> locator.locate(Path.of("nowhere")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("--workshop nowhere names " + temp.resolve("nowhere") + ", which has no configs/ directory");
    }

    @Test
    void anEnvironmentValueWithoutConfigsIsRejectedNamingTheVariable() {
        WorkshopLocator locator = new WorkshopLocator(Map.of("MESHSTAGE_WORKSHOP", temp.toString()), temp, temp.resolve("home"));

        assertThatThrownBy(() -> locator.locate(null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("MESHSTAGE_WORKSHOP=" + temp + " names " + temp);
    }
}
