package dev.meshstage.step;

import dev.meshstage.error.BackendException;
import dev.meshstage.files.AtomicFiles;
import dev.meshstage.workshop.ClusterPlan;
import dev.meshstage.workshop.WorkshopPlan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IstioOperator files {@code istioctl install} gets for an attached cluster, which has none in configs/istio/:
 * the workshop cluster's whose share it runs (else the first's), with the attached cluster's name as istiod's
 * {@code clusterName} and its network wherever the original names its own. Written under
 * {@code $MESHSTAGE_HOME/attached/<name>/}, kept readable so the user can see what was installed.
 */
public final class AttachedIstioFiles {

    private static final Pattern CLUSTER_NAME = Pattern.compile("(?m)^(\\s*clusterName:\\s*)(\\S+)\\s*$");
    private static final Pattern NETWORK = Pattern.compile("(?m)^(\\s*network:\\s*)(\\S+)\\s*$");

    private AttachedIstioFiles() {
    }

    /** istiod and the ingress gateway ({@code configs/istio/<cluster>.yaml} of the workshop). */
    public static Path istio(WorkshopPlan plan, Path home, ClusterPlan cluster) {
        return write(home, cluster, "istio.yaml", original(plan, cluster, false));
    }

    /** The east-west gateway ({@code configs/istio/eastwest-gateway-<cluster>.yaml} of the workshop). */
    public static Path eastWestGateway(WorkshopPlan plan, Path home, ClusterPlan cluster) {
        return write(home, cluster, "eastwest-gateway.yaml", original(plan, cluster, true));
    }

    private static Path original(WorkshopPlan plan, ClusterPlan cluster, boolean eastWest) {
        String part = cluster.attachment().appPart();
        Path dir = plan.directory().resolve("configs").resolve("istio");
        if (part == null || !Files.isRegularFile(dir.resolve(part + ".yaml"))) {
            part = firstOf(dir);
        }
        return dir.resolve(eastWest ? "eastwest-gateway-" + part + ".yaml" : part + ".yaml");
    }

    private static String firstOf(Path istioDir) {
        try (var files = Files.list(istioDir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("eastwest-gateway-") && n.endsWith(".yaml"))
                    .sorted().findFirst().map(n -> n.substring("eastwest-gateway-".length(), n.length() - ".yaml".length()))
                    .orElseThrow(() -> new BackendException("no east-west gateway file in " + istioDir + " to install from"));
        } catch (IOException e) {
            throw new BackendException("cannot list " + istioDir + ": " + e.getMessage());
        }
    }

    /** The original with its own clusterName and network replaced by the attached cluster's. */
    static String adapt(String original, String originalFile, String cluster, String network) {
        Matcher own = NETWORK.matcher(original);
        if (!own.find()) {
            throw new BackendException(originalFile + " names no network (values.global.network) to replace with " + network);
        }
        String ownNetwork = own.group(2);
        String text = CLUSTER_NAME.matcher(original).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + cluster));
        // the network also labels the gateway and sets its requested network view
        text = text.replaceAll("\\b" + Pattern.quote(ownNetwork) + "\\b", Matcher.quoteReplacement(network));
        return "# Made by meshstage for the attached cluster " + cluster + " from " + originalFile + " (clusterName " + cluster
                + ", network " + network + ").\n" + text;
    }

    private static Path write(Path home, ClusterPlan cluster, String name, Path original) {
        String text;
        try {
            text = Files.readString(original, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BackendException("cannot read " + original + " to install Istio on " + cluster.name() + ": " + e.getMessage());
        }
        Path target = home.resolve("attached").resolve(cluster.name()).resolve(name);
        AtomicFiles.write(target, adapt(text, original.getFileName().toString(), cluster.name(), cluster.network())
                .getBytes(StandardCharsets.UTF_8), false);
        return target;
    }
}
