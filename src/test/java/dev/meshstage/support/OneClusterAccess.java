package dev.meshstage.support;

import dev.meshstage.mesh.model.ClusterFacts;
import dev.meshstage.mesh.model.MeshModel;
import dev.meshstage.mesh.model.MeshParts;
import dev.meshstage.mesh.source.ClusterAccess;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One cluster, {@code cluster1} on {@code network1}, reached through one client: how the model's sources see a
 * single API server in a test, with nothing of istiod's view or the node network to tell.
 */
public record OneClusterAccess(KubernetesClient client) implements ClusterAccess {

    public static final String CLUSTER = "cluster1";

    @Override
    public List<ClusterRef> clusters() {
        return List.of(new ClusterRef(CLUSTER, "kind-" + CLUSTER, "network1"));
    }

    @Override
    public KubernetesClient client(String cluster) {
        return client;
    }

    @Override
    public List<MeshParts.DiscoveryFact> discovery(String cluster) {
        return List.of();
    }

    @Override
    public String nodeSubnet(String cluster) {
        return null;
    }

    /**
     * The cluster's facts in the first model taken from {@code models} (a source's listener fills it) for which
     * {@code ok} holds, within 60 s.
     */
    public static ClusterFacts await(BlockingQueue<MeshModel> models, Predicate<ClusterFacts> ok, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            MeshModel m = models.poll(500, TimeUnit.MILLISECONDS);
            if (m != null && ok.test(m.cluster(CLUSTER).orElseThrow())) {
                return m.cluster(CLUSTER).orElseThrow();
            }
        }
        throw new AssertionError("no model showing " + what + " within 60 s");
    }
}
