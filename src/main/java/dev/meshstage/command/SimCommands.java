package dev.meshstage.command;

import dev.meshstage.Invocation;
import dev.meshstage.backend.BackendException;
import dev.meshstage.backend.sim.SimBackend;
import dev.meshstage.backend.sim.SimCluster;
import dev.meshstage.session.Session;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.stereotype.Component;

import java.util.concurrent.CountDownLatch;

/** {@code sim …}: commands only the simulated backend has. */
@Component
public class SimCommands {

    private final Session session;
    private final Consoles consoles;

    public SimCommands(Session session, Consoles consoles) {
        this.session = session;
        this.consoles = consoles;
    }

    @Command(name = {"sim", "serve"}, group = "Sim",
            description = "Keep the simulated clusters' API servers up until interrupted (for kubectl, k9s)")
    public void serve() throws InterruptedException {
        if (!(session.backend() instanceof SimBackend sim)) {
            throw new BackendException("'sim serve' needs the sim backend; the kind backend's clusters run in docker");
        }
        if (!sim.owner()) {
            throw new BackendException("another meshstage process already serves the clusters of " + session.home());
        }
        sim.attended();
        Console console = consoles.current();
        if (sim.clusters().isEmpty()) {
            console.println("no clusters yet: create them with 'cluster create --all' (from this or another shell)");
        }
        for (SimCluster c : sim.clusters()) {
            console.println("kind-" + c.name() + "   " + c.apiServer().url());
        }
        console.println("kubeconfig: " + sim.kubeconfig());
        console.println("try: kubectl --kubeconfig " + sim.kubeconfig() + " get nodes --context=kind-"
                + session.currentCluster().orElse("cluster1"));
        if (session.invocation().mode() == Invocation.Mode.INTERACTIVE) {
            console.println("(this shell serves them until you exit it)");
            return;
        }
        console.println("serving until interrupted (Ctrl-C)");
        new CountDownLatch(1).await(); // the shutdown hook closes the session, which saves and stops the clusters
    }
}
