package dev.meshstage.command;

import dev.meshstage.error.UsageException;
import dev.meshstage.error.BackendException;
import dev.meshstage.mesh.trace.TraceReport;
import dev.meshstage.render.Json;
import dev.meshstage.render.TraceRenderer;
import dev.meshstage.session.TraceService;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

/** {@code trace FROM TO}: every hop of a request from a workload to a service, and a real request along it. */
@Component
public class TraceCommands {

    private final TraceService traces;
    private final Consoles consoles;

    public TraceCommands(TraceService traces, Consoles consoles) {
        this.traces = traces;
        this.consoles = consoles;
    }

    @Command(name = "trace", group = "Look", completionProvider = "traceNames",
            description = "Every hop of a request from a workload to a service across the mesh, the first broken one and its fix")
    public void trace(@Argument(index = 0, description = "the calling workload, e.g. cart (or cart.simple-buy)") String from,
            @Argument(index = 1, description = "the service called, e.g. product (or product.simple-buy)") String to,
            @Option(longName = "port", shortName = 'p', description = "the service port (default: its gRPC port, else its first)")
            Integer port,
            @Option(longName = "cluster", shortName = 'c', description = "the cluster FROM runs in (default: the current one, then the others)")
            String cluster,
            @Option(longName = "json", description = "machine-readable output") boolean json) {
        if (from == null || from.isBlank() || to == null || to.isBlank()) {
            throw new UsageException("trace needs a workload and a service: trace FROM TO, e.g. trace cart product");
        }
        TraceReport report = traces.trace(from, to, port == null ? 0 : port, cluster);
        Console console = consoles.current();
        console.print(json ? Json.render(TraceRenderer.json(report)) : TraceRenderer.render(report, width(console)));
        if (!report.plan().ok()) {
            throw new BackendException("the path from " + from + " to " + to + " is broken: " + report.plan().broken().orElseThrow()
                    .problem().reason());
        }
    }

    /**
     * The terminal of whoever typed the line (the client's, when the home's server runs it), else 120: the table's
     * width, so piped output and transcripts keep the table.
     */
    private static int width(Console console) {
        int w = console.knownWidth();
        return w > 0 ? w : 120;
    }
}
