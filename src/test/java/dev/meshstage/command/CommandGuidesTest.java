package dev.meshstage.command;

import dev.meshstage.render.Wrap;
import dev.meshstage.workflow.Explanations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandRegistry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * help and the input checks read guide/commands.yaml: every command has a guide, and every option, value kind,
 * and see-also it names exists, so help never teaches what the shell refuses.
 */
class CommandGuidesTest {

    @TempDir
    static Path home;
    static EmbeddedShell shell;

    @BeforeAll
    static void start() {
        shell = EmbeddedShell.start("sim", Path.of("").toAbsolutePath(), home);
    }

    @AfterAll
    static void stop() {
        shell.close();
    }

    @Test
    void everyCommandHasAGuideThatNamesOnlyWhatExists() {
        CommandRegistry registry = shell.bean(CommandRegistry.class);
        CommandGuides guides = shell.bean(CommandGuides.class);
        List<String> wrong = new ArrayList<>();
        for (Command c : registry.getCommands()) {
            boolean ours = c.getClass().getName().contains("MethodInvoker") && !List.of("clear", "history", "script", "quit")
                    .contains(c.getName());
            var guide = guides.of(c.getName());
            if (ours && guide.isEmpty()) {
                wrong.add(c.getName() + ": no guide");
            }
            guide.ifPresent(g -> {
                g.values().keySet().stream().filter(o -> c.getOptions().stream().noneMatch(opt -> opt.longName().equals(o)))
                        .forEach(o -> wrong.add(c.getName() + ": values for a missing option --" + o));
                c.getOptions().forEach(o -> {
                    if (!g.synopsis().contains("--" + o.longName())) {
                        wrong.add(c.getName() + ": synopsis lacks --" + o.longName());
                    }
                });
                g.see().stream().filter(s -> registry.getCommandByName(s) == null && !s.startsWith("explain")
                        && !s.startsWith("status --")).forEach(s -> wrong.add(c.getName() + ": see also '" + s + "' is no command"));
                if (g.examples().size() < 1 || g.examples().stream().anyMatch(e -> e.does() == null || e.line() == null)) {
                    wrong.add(c.getName() + ": examples without line or text");
                }
                g.examples().forEach(e -> {
                    String first = e.line().split(" ")[0];
                    if (registry.getCommandsByPrefix(first).isEmpty()) {
                        wrong.add(c.getName() + ": example '" + e.line() + "' runs no command");
                    }
                });
            });
        }
        assertThat(wrong).isEmpty();
        assertThat(guides.all().keySet()).allMatch(name -> registry.getCommandByName(name) != null, "a guide's command exists");
    }

    @Test
    void everyExplainTopicExplains() {
        for (String topic : List.of("clusters", "images", "lb", "ca", "mesh", "link", "app", "mesh link", "cluster create")) {
            EmbeddedShell.Result r = shell.run("explain " + topic);
            assertThat(r.ok()).as(topic + ": " + r.lines()).isTrue();
            assertThat(r.lines()).as(topic).contains("what it does to each cluster:", "the idea:",
                    "what goes wrong most often, and how to see it:");
        }
        assertThat(Explanations.names()).contains("link", "mesh link", "app deploy");
    }

    @Test
    void explainNamesTheWorkshopFilesOfEachCluster() {
        assertThat(shell.run("explain mesh").lines()).contains(
                "  cluster1: configs/istio/cluster1.yaml, configs/istio/eastwest-gateway-cluster1.yaml,",
                "  cluster2: configs/istio/cluster2.yaml, configs/istio/eastwest-gateway-cluster2.yaml,");
        assertThat(String.join("\n", shell.run("explain app").lines())).contains("cluster1: sample-app/kustomization.yaml,",
                "sample-app/namespace.yaml", "cluster2: sample-app/cluster2-manifests/kustomization.yaml");
    }

    @Test
    void helpShowsEveryOptionWithItsDefaultAndAcceptedValues() {
        List<String> open = shell.run("help app open").lines();
        assertThat(open).contains("usage: app open [--port PORT]");
        assertThat(String.join("\n", open)).contains("--port, -p PORT", "default 8080", "accepts a port number, 1-65535",
                "see also: app close, app url");
        assertThat(shell.run("app open --help").lines()).isEqualTo(open);
        assertThat(shell.run("help cluster").lines()).contains("cluster").anyMatch(l -> l.startsWith("  cluster create"));
    }

    @Test
    void wrapsAtWordBoundariesToTheWidth() {
        String text = "the east-west gateway exposes this cluster's services to the other network on port 15443";
        for (int width : new int[] {40, 50, 72}) {
            String wrapped = Wrap.wrap(text, width, "  ");
            assertThat(wrapped.lines()).allMatch(l -> l.length() <= width).allMatch(l -> l.startsWith("  "));
            assertThat(wrapped.replaceAll("\\s+", " ").strip()).isEqualTo(text);
        }
        assertThat(Wrap.wrap("see https://example.invalid/a/very/long/path/that/cannot/be/broken", 40, "")).contains(
                "https://example.invalid/a/very/long/path/that/cannot/be/broken");
    }
}
