package dev.meshstage.render;

import dev.meshstage.backend.sim.SimNetwork;

import java.util.List;

/** What {@code sim network} did, one line per cluster. */
public final class SimNetworkRenderer {

    private SimNetworkRenderer() {
    }

    public static String render(List<SimNetwork.Change> changes) {
        StringBuilder b = new StringBuilder();
        for (SimNetwork.Change c : changes) {
            b.append(c.cluster()).append("  registries ").append(c.online() ? "online" : "offline")
                    .append(c.changed() ? "" : " (already)")
                    .append(c.online() ? ": public images pull again" : ": only images on the nodes (kind's own, preloaded) start")
                    .append('\n');
        }
        return b.toString();
    }
}
