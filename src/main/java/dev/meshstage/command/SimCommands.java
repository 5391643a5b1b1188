package dev.meshstage.command;

import dev.meshstage.error.UsageException;
import dev.meshstage.error.BackendException;
import dev.meshstage.backend.ClusterState;
import dev.meshstage.backend.sim.SimBackend;
import dev.meshstage.backend.sim.SimCluster;
import dev.meshstage.backend.sim.SimNetwork;
import dev.meshstage.render.ServerStatusRenderer;
import dev.meshstage.render.SimNetworkRenderer;
import dev.meshstage.workshop.ClusterPlan;
import dev.meshstage.server.ServerStatus;
import dev.meshstage.server.SimServer;
import dev.meshstage.session.Session;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/** {@code sim …}: commands only the simulated backend has. */
@Component
public class SimCommands {

    private final Session session;
    private final Consoles consoles;
    private final SimServer server;

    public SimCommands(Session session, Consoles consoles, SimServer server) {
        this.session = session;
        this.consoles = consoles;
        this.server = server;
    }

    @Command(name = {"sim", "serve"}, group = "Sim",
            description = "Serve the simulated clusters from this process, in the foreground, until interrupted or 'sim stop'")
    public void serve(@Option(longName = "background", description = "what meshstage starts by itself: also stops "
            + "when no cluster is left and no client is connected") boolean background) throws InterruptedException {
        Console console = consoles.current();
        if (server.running()) {
            console.println("the background server (pid " + ProcessHandle.current().pid() + ") serves them: 'sim status' "
                    + "says where, 'sim stop' stops it");
            return;
        }
        SimBackend sim = background ? backgroundBackend() : simBackend("sim serve");
        if (!sim.owner()) {
            throw new BackendException("another meshstage process already serves the clusters of " + session.home());
        }
        sim.attended();
        if (sim.clusters().isEmpty()) {
            console.println("no clusters yet: create them with 'cluster create --all' (from another shell)");
        }
        for (SimCluster c : sim.clusters()) {
            console.println(ClusterPlan.contextOf(c.name()) + "   " + c.apiServer().url());
        }
        console.println("kubeconfig: " + sim.kubeconfig());
        console.println("try: kubectl --kubeconfig " + sim.kubeconfig() + " get nodes --context=kind-"
                + session.currentCluster().orElse("cluster1"));
        server.start(sim, background);
        console.println("serving until interrupted (Ctrl-C) or 'sim stop'");
        String why = server.awaitStop();
        console.println("stopping (" + why + "): the clusters are saved");
        session.close();
        server.removeFiles();
    }

    @Command(name = {"sim", "status"}, group = "Sim",
            description = "Whether the background server of the simulated clusters runs: pid, uptime, socket, API servers")
    public void status() {
        Console console = consoles.current();
        if (server.running()) {
            console.print(ServerStatusRenderer.render(server.status()));
            return;
        }
        SimBackend sim = simBackend("sim status");
        console.print(ServerStatusRenderer.render(ServerStatus.inProcess(sim.clusters().stream()
                .map(c -> new ServerStatus.Endpoint(ClusterPlan.contextOf(c.name()), c.apiServer().url())).toList(), "embedded")));
    }

    @Command(name = {"sim", "stop"}, group = "Sim",
            description = "Stop the background server: the clusters are saved and come back with the next command")
    public void stop() {
        Console console = consoles.current();
        if (!server.running()) {
            simBackend("sim stop");
            console.println("no background server: this process serves the clusters itself");
            return;
        }
        console.println("stopping the server of the simulated clusters (pid " + ProcessHandle.current().pid()
                + "); the clusters are saved and come back with the next command");
        server.stop("sim stop");
    }

    @Command(name = {"sim", "network"}, group = "Sim", completionProvider = "clusterNames",
            description = "Cut (offline) or restore (online) the simulated clusters' registries: offline, only preloaded and node images start")
    public void network(@Argument(index = 0, description = "offline or online") String state,
            @Option(longName = "cluster", shortName = 'c', description = "only this cluster (default: all)") String cluster) {
        if (state == null || !(state.equals("offline") || state.equals("online"))) {
            throw new UsageException("say 'sim network offline' or 'sim network online'" + (state == null ? "" : ", not '" + state + "'"));
        }
        simBackend("sim network");
        List<String> existing = session.backend().listClusters().stream().filter(ClusterState::exists).map(ClusterState::name).toList();
        List<ClusterPlan> plans = session.resolveClusters(cluster == null ? List.of() : List.of(cluster)).stream()
                .filter(p -> existing.contains(p.name())).toList();
        if (plans.isEmpty()) {
            throw new BackendException("no simulated cluster to take " + state + " yet: run 'cluster create --all' first");
        }
        List<SimNetwork.Change> changes = new ArrayList<>();
        for (ClusterPlan p : plans) {
            changes.add(SimNetwork.set(p.name(), session.client(p.name()), state.equals("online")));
        }
        consoles.current().print(SimNetworkRenderer.render(changes));
    }

    /**
     * Started by a client whose workshop does not load (a broken config): the server comes up on the bundled
     * workshop all the same, and the client's command then reports what is wrong with its files.
     */
    private SimBackend backgroundBackend() {
        try {
            return simBackend("sim serve");
        } catch (RuntimeException broken) {
            session.clientContext(session.home(), null, "", null);
            return simBackend("sim serve");
        }
    }

    private SimBackend simBackend(String command) {
        if (!(session.backend() instanceof SimBackend sim)) {
            throw new BackendException("'" + command + "' needs the sim backend; the kind backend's clusters run in docker");
        }
        return sim;
    }
}
