package dev.meshstage.mesh;

import dev.meshstage.mesh.source.ClusterClients;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How far a cluster's clock is from this machine's, from the {@code Date} header its API server sends (Go's
 * net/http always does). Ages are measured on the cluster's clock, as kubectl's server-side tables do: a simulated
 * cluster keeps virtual time, and a real one may drift.
 */
@Service
public class ClusterClocks {

    /** The header has whole seconds: closer than this is the same clock. */
    static final Duration SAME_CLOCK = Duration.ofSeconds(2);

    private static final Logger LOG = Logger.getLogger(ClusterClocks.class.getName());
    private final ClusterClients clients;

    public ClusterClocks(ClusterClients clients) {
        this.clients = clients;
    }

    /** The cluster's time minus ours; zero when it cannot tell. */
    public Duration offset(String cluster) {
        try {
            KubernetesClient client = clients.client(cluster);
            HttpClient http = client.getHttpClient();
            String url = client.getMasterUrl().toString();
            Instant before = Instant.now();
            HttpResponse<String> r = http.sendAsync(http.newHttpRequestBuilder().uri(url + (url.endsWith("/") ? "" : "/") + "version")
                    .build(), String.class).get(15, TimeUnit.SECONDS);
            Instant after = Instant.now();
            return offset(r.header("Date"), before.plus(Duration.between(before, after).dividedBy(2)));
        } catch (Exception e) {
            LOG.log(Level.INFO, "cannot read the clock of " + cluster, e);
            return Duration.ZERO;
        }
    }

    static Duration offset(String dateHeader, Instant asked) {
        if (dateHeader == null) {
            return Duration.ZERO;
        }
        try {
            Duration d = Duration.between(asked, ZonedDateTime.parse(dateHeader, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return d.abs().compareTo(SAME_CLOCK) < 0 ? Duration.ZERO : d;
        } catch (RuntimeException e) {
            return Duration.ZERO;
        }
    }
}
