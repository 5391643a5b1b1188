package dev.meshstage;

import dev.meshstage.command.Console;
import dev.meshstage.command.PromptReader;
import dev.meshstage.command.ShellRunner;
import dev.meshstage.session.HomePlan;
import org.jline.reader.History;
import org.jline.reader.impl.history.DefaultHistory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.shell.jline.CommandCompleter;
import org.springframework.shell.jline.CommandHighlighter;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The interactive shell's start, apart from {@link Main}: verifying Main's code would otherwise load Spring's
 * context interfaces (and open the jars before theirs on the class path) in every one-shot client too.
 */
final class InteractiveShell {

    private InteractiveShell() {
    }

    /**
     * The prompt comes up first — the terminal, the history, the cluster it names — and takes a line while the
     * application context starts on another thread; the line runs once the context is up, and so does completion.
     */
    static int run(Invocation invocation) {
        MeshstageApplication.quietLogging(invocation); // before the terminal: JLine's warnings go to the log too
        History history = new DefaultHistory();
        CompletableFuture<ConfigurableApplicationContext> context = new CompletableFuture<>();
        Thread start = new Thread(() -> {
            try {
                context.complete(MeshstageApplication.start(invocation, history));
            } catch (Throwable t) {
                context.completeExceptionally(t);
            }
        }, "application-start");
        Optional<String> cluster = HomePlan.firstCluster(invocation);
        PromptReader prompt;
        try {
            prompt = PromptReader.open(invocation.home().resolve("history"), history);
        } catch (IOException | RuntimeException e) {
            System.err.println("error: cannot open the terminal: " + e.getMessage());
            return 1;
        }
        start.start(); // after the prompt's own work: on two cores it would only slow the prompt down
        context.whenComplete((started, failure) -> {
            try {
                if (started != null) {
                    prompt.ready(started.getBean(CommandCompleter.class), started.getBean(CommandHighlighter.class));
                }
            } finally {
                prompt.failed(); // no-op once ready: a Tab never waits on a context that will not come
            }
        });
        Console console = prompt.console();
        Optional<String> first = prompt.readLine(PromptReader.prompt(console, invocation.backend(), cluster));
        int code;
        try {
            ConfigurableApplicationContext started = context.join();
            started.getBean(ShellRunner.class).interactive(prompt, console, first);
            code = SpringApplication.exit(started);
        } catch (CompletionException e) {
            // e.g. a class the jar no longer has after a rebuild under a running server: end, do not hang
            System.err.println("error: internal error: " + e.getCause() + " (see " + invocation.home().resolve("logs") + ")");
            code = 1;
        } finally {
            try {
                prompt.close();
            } catch (IOException e) {
                // the terminal is going away with this process anyway
            }
        }
        return code;
    }
}
