package dev.meshstage.command;

import dev.meshstage.error.UsageException;
import dev.meshstage.dashboard.DashboardService;
import dev.meshstage.server.SimServer;
import dev.meshstage.session.Session;
import dev.meshstage.workshop.ClusterPlan;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.List;

/** {@code dashboard}: every cluster's pods side by side, live; {@code --once} for one frame as text. */
@Component
public class DashboardCommands {

    private final Session session;
    private final DashboardService dashboard;
    private final Consoles consoles;
    private final SimServer server;

    public DashboardCommands(Session session, DashboardService dashboard, Consoles consoles, SimServer server) {
        this.session = session;
        this.dashboard = dashboard;
        this.consoles = consoles;
        this.server = server;
    }

    @Command(name = "dashboard", group = "Look", completionProvider = "clusterNames",
            description = "Every cluster's pods side by side, live (q quits, ? keys); --once prints one frame")
    public void dashboard(
            @Option(longName = "cluster", shortName = 'c', description = "only these clusters (comma list)") String cluster,
            @Option(longName = "once", description = "print one frame as plain text and return") boolean once,
            @Option(longName = "width", description = "width of the --once frame (default 120)") Integer width) {
        List<ClusterPlan> plans = session.resolveClusters(cluster == null ? List.of()
                : Arrays.stream(cluster.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList());
        int columns = width == null ? 120 : width;
        if (columns < 40 || columns > 1000) {
            throw new UsageException("--width " + columns + " is out of range: give 40 to 1000 columns");
        }
        Console console = consoles.current();
        if (once) {
            console.print(dashboard.once(plans, columns).text());
            return;
        }
        if (server.running()) {
            // lines come here from clients; the dashboard needs the client's own terminal (TerminalLines)
            throw new UsageException("the live dashboard runs in the shell that shows it, not in the sim server:"
                    + " run 'dashboard' at the meshstage prompt, or 'dashboard --once' here");
        }
        if (!console.live()) {
            throw new UsageException("the live dashboard needs a terminal: use 'dashboard --once' for one frame as text");
        }
        dashboard.open(plans, console.color());
    }
}
