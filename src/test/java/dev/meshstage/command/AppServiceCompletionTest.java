package dev.meshstage.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.completion.CompletionContext;
import org.springframework.shell.core.command.completion.CompletionProposal;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tab-completion of the app commands: services from sample-app, clusters for --cluster, nothing for --port. */
class AppServiceCompletionTest {

    @TempDir
    Path tmp;

    @Test
    void servicesAsArgumentsClustersForTheClusterOption() {
        try (EmbeddedShell shell = EmbeddedShell.start("sim", Path.of("").toAbsolutePath(), tmp.resolve("home"))) {
            AppServiceCompletion completion = shell.bean(AppServiceCompletion.class);
            assertThat(values(completion.apply(context(null)))).containsExactly("auth", "cart", "frontend", "notification",
                    "order", "postgres", "rabbitmq", "redis", "product");
            assertThat(values(completion.apply(context("cluster")))).containsExactly("cluster1", "cluster2");
            assertThat(completion.apply(context("port"))).isEmpty();
        }
    }

    private static CompletionContext context(String option) {
        CommandOption o = option == null ? null : new CommandOption(' ', option, "", false, null, null, String.class);
        return new CompletionContext(List.of("app", "deploy", ""), 2, 0, null, o);
    }

    private static List<String> values(List<CompletionProposal> proposals) {
        return proposals.stream().map(CompletionProposal::value).toList();
    }
}
