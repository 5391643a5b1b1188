package dev.meshstage.dashboard;

import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import dev.meshstage.Async;
import dev.meshstage.mesh.ClusterClocks;
import dev.meshstage.mesh.PodDetailsService;
import dev.meshstage.mesh.source.LiveSource;
import dev.meshstage.mesh.source.SnapshotSource;
import dev.meshstage.session.MeshModels;
import dev.meshstage.workshop.ClusterPlan;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The dashboard: one frame from a snapshot, or the live screen on its own terminal until the person quits. */
@Service
public class DashboardService {

    /** How long the screen waits for the first full model before it opens with what it has. */
    static final long FIRST_MODEL_MS = 5_000;

    private final MeshModels models;
    private final PodDetailsService details;
    private final ClusterClocks clocks;

    public DashboardService(MeshModels models, PodDetailsService details, ClusterClocks clocks) {
        this.models = models;
        this.details = details;
        this.clocks = clocks;
    }

    /** Each cluster's clock offset, read beside whatever the caller does meanwhile. */
    private Map<String, CompletableFuture<Duration>> clockOffsets(List<ClusterPlan> clusters) {
        Map<String, CompletableFuture<Duration>> offsets = new LinkedHashMap<>();
        clusters.forEach(c -> offsets.put(c.name(), Async.supply(() -> clocks.offset(c.name()))));
        return offsets;
    }

    private static DashboardState newState(List<ClusterPlan> clusters, Map<String, CompletableFuture<Duration>> offsets) {
        DashboardState state = new DashboardState(clusters.stream().map(ClusterPlan::name).toList());
        Map<String, Duration> known = new HashMap<>();
        offsets.forEach((c, f) -> known.put(c, f.join()));
        state.clockOffsets(known);
        return state;
    }

    /** One frame of the named clusters, as tall as its content. */
    public Frame once(List<ClusterPlan> clusters, int width) {
        var offsets = clockOffsets(clusters);
        var model = models.snapshot(clusters, SnapshotSource.Depth.MESH);
        DashboardState state = newState(clusters, offsets);
        state.update(model);
        return FrameLayout.layout(state.view(Clock.systemUTC().instant()), width, 0);
    }

    /**
     * The live dashboard. Lanterna gets a terminal of its own on the tty (not the prompt's JLine streams, which draw
     * nothing and leak its replies into the prompt); on return the terminal is as it was.
     */
    public void open(List<ClusterPlan> clusters, boolean color) {
        var offsets = clockOffsets(clusters);
        try (LiveSource live = models.live(clusters); WinchHandler winch = WinchHandler.keep()) {
            var first = live.start(FIRST_MODEL_MS);
            DashboardState state = newState(clusters, offsets);
            state.update(first);
            Terminal terminal = new DefaultTerminalFactory().setForceTextTerminal(true)
                    .setUnixTerminalCtrlCBehaviour(UnixLikeTerminal.CtrlCBehaviour.TRAP).createTerminal();
            try {
                DashboardScreen screen = new DashboardScreen(terminal, state, Clock.systemUTC(), color, details::read);
                var listener = screen.listener();
                live.addListener(listener);
                listener.changed(live.model()); // whatever changed since the first model
                screen.run();
            } finally {
                terminal.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the terminal for the dashboard: " + e.getMessage(), e);
        }
    }
}
