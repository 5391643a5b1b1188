package dev.meshstage.render;

import dev.meshstage.server.ServerStatus;

import java.time.Duration;

/** {@code sim status}: the home's background server, its pid, socket, uptime, and the clusters it serves. */
public final class ServerStatusRenderer {

    private ServerStatusRenderer() {
    }

    public static String render(ServerStatus s) {
        StringBuilder sb = new StringBuilder();
        if (s.inProcess() != null) {
            sb.append("server   in this process (").append(s.inProcess()).append("), pid ").append(s.pid()).append('\n');
        } else if (!s.running()) {
            sb.append("server   not running: the next command that needs the clusters starts it\n");
            sb.append("saved    ").append(s.savedClusters().isEmpty() ? "no clusters" : String.join(", ", s.savedClusters()))
                    .append('\n');
            return sb.toString();
        } else {
            sb.append("server   running, pid ").append(s.pid()).append(", up ").append(uptime(s.uptime())).append('\n');
            sb.append("socket   ").append(s.socket()).append(" (0600)\n");
            sb.append("log      ").append(s.log()).append('\n');
            sb.append("stops    on 'sim stop', after ").append(s.idleLimit().toMinutes())
                    .append(" minutes without a command or an API request, or when no cluster is left\n");
        }
        if (s.clusters().isEmpty()) {
            sb.append("no clusters: create them with 'cluster create --all'\n");
            return sb.toString();
        }
        Table t = new Table("CONTEXT", "API SERVER");
        s.clusters().forEach(e -> t.row(e.context(), e.url()));
        return sb.append(t.render()).toString();
    }

    /** kubectl's way: {@code 45s}, {@code 3m12s}, {@code 2h5m}, {@code 3d4h}. */
    static String uptime(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return s / 60 + "m" + (s % 60) + "s";
        }
        if (s < 86_400) {
            return s / 3600 + "h" + (s % 3600) / 60 + "m";
        }
        return s / 86_400 + "d" + (s % 86_400) / 3600 + "h";
    }
}
