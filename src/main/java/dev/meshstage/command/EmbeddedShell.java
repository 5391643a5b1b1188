package dev.meshstage.command;

import dev.meshstage.Invocation;
import dev.meshstage.MeshstageApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * meshstage driven by another program: the same commands, executor and output as the prompt, captured as
 * plain lines (no colour, no live progress). Transcript verification and end-to-end tests use it.
 */
public final class EmbeddedShell implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final CommandLineExecutor executor;

    private EmbeddedShell(ConfigurableApplicationContext context) {
        this.context = context;
        this.executor = context.getBean(CommandLineExecutor.class);
    }

    public static EmbeddedShell start(String backend, Path workshop, Path home) {
        return new EmbeddedShell(MeshstageApplication.start(Invocation.embedded(backend, workshop, home)));
    }

    /** What one command printed, an {@code error: …} line last when it failed. */
    public record Result(boolean ok, List<String> lines) {
    }

    public Result run(String line) {
        StringWriter buffer = new StringWriter();
        CommandLineExecutor.Outcome outcome = executor.execute(line, new Console(new PrintWriter(buffer), false, false, false));
        List<String> lines = new ArrayList<>(buffer.toString().lines().toList());
        if (!outcome.ok()) {
            lines.add("error: " + outcome.error());
        }
        return new Result(outcome.ok(), lines);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
