package dev.meshstage.backend;

import dev.meshstage.error.BackendException;
import dev.meshstage.workshop.ClusterPlan;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What differs between the simulated clusters and real kind clusters. Everything above this port talks
 * the Kubernetes API through fabric8 using the kubeconfig this backend maintains, and cannot tell which
 * backend it has.
 */
public interface Backend extends AutoCloseable {

    /** {@code sim} or {@code kind}. */
    String name();

    /** The kubeconfig holding a {@code kind-<cluster>} context per existing cluster. */
    Path kubeconfig();

    /** Clusters that exist on this backend right now. */
    List<ClusterState> listClusters();

    /**
     * Creates the clusters of the given plans (in parallel where the backend can). Idempotent: a cluster
     * that already exists is reported as {@link ClusterState.Outcome#ALREADY_DONE} and left alone.
     */
    List<ClusterState> createClusters(List<ClusterPlan> plans, ProgressListener progress);

    /** Deletes the named clusters; a cluster that does not exist is reported, not an error. */
    List<ClusterState> deleteClusters(List<String> names, ProgressListener progress);

    /**
     * A person is at the prompt (or serving kubectl users): a simulated cluster's clock then follows the wall
     * clock. Scripts and transcripts never call this, so they stay deterministic.
     */
    default void attended() {
    }

    /**
     * The IPv4 subnet the cluster nodes share (kind's docker network {@code kind}); MetalLB pools must lie in
     * it. Kind: read with {@code docker network inspect kind}. Sim: the simulated docker network.
     */
    default String nodeNetworkSubnet() {
        throw new BackendException(name() + " backend cannot tell the node network");
    }

    /** Installs Istio components from an IstioOperator file on a cluster, as {@code istioctl install -y -f FILE}. */
    default void istioInstall(ClusterPlan cluster, Path operatorFile, ProgressListener progress) {
        throw new BackendException(name() + " backend cannot install Istio");
    }

    /**
     * The API server URL that workloads in the other clusters can reach (for remote secrets): on kind the
     * control-plane container's address on the docker network, never 127.0.0.1.
     */
    default String apiServerUrlForPeers(String cluster) {
        throw new BackendException(name() + " backend cannot tell the API address seen from peers");
    }

    /**
     * What the istiod of {@code cluster} reports about the clusters it reads ({@code istioctl remote-clusters}):
     * the local cluster and one row per remote secret. Empty when istiod is not running.
     */
    default List<RemoteClusterStatus> remoteClusters(String cluster) {
        throw new BackendException(name() + " backend cannot ask istiod about remote clusters");
    }

    /**
     * {@link #remoteClusters} of {@code cluster} read until {@code done} holds or {@code timeout} passes; the last view
     * read. Polls every {@link RemoteClusterWait#POLL}; a backend that can be told when istiod's view changes waits
     * for that instead.
     */
    default List<RemoteClusterStatus> awaitRemoteClusters(String cluster, java.util.function.Predicate<List<RemoteClusterStatus>> done,
            java.time.Duration timeout) {
        return RemoteClusterWait.until(() -> remoteClusters(cluster), done, timeout, RemoteClusterWait.polling(),
                System::nanoTime, cluster);
    }

    /**
     * Makes images present on a cluster's nodes ({@code kind load docker-image}), one outcome per image in the
     * order given. Failures are reported with what to do about them, never swallowed; the step goes on with the
     * next image.
     */
    default List<ImagePreload> preloadImages(String cluster, List<String> images, ProgressListener progress) {
        throw new BackendException(name() + " backend cannot preload images");
    }

    /**
     * Makes the ingress gateway of {@code cluster} (Service {@code istio-system/istio-ingressgateway}, port 80)
     * answer on {@code http://127.0.0.1:<localPort>} until the returned handle is closed. Kind: a port-forward
     * to the gateway. Sim: the simulated gateway itself answers, routing by the cluster's VirtualServices.
     *
     * @throws BackendException when the port is taken or the cluster has no ingress gateway
     */
    default AutoCloseable openIngress(String cluster, int localPort) {
        throw new BackendException(name() + " backend cannot open the ingress gateway");
    }

    /**
     * Sends one request from a pod to port {@code port} of Service {@code serviceNamespace/service} along the real data
     * plane, where the backend can: the sim's data plane answers it. Empty where the backend cannot send one.
     *
     * @param model the clusters as the caller has just read them through their API: the sim's data plane routes over
     *              it instead of reading them a second time
     */
    default Optional<Probe> probe(dev.meshstage.mesh.model.MeshModel model, String cluster, String namespace, String pod,
            String serviceNamespace, String service, int port) {
        return Optional.empty();
    }

    /**
     * The endpoints of one outbound cluster ({@code outbound|9082||product.simple-buy.svc.cluster.local}) as the
     * pod's sidecar has them, where the backend asks Envoy ({@code pilot-agent request GET clusters}); empty where it
     * does not (the sim's data plane answers the probe itself) or the sidecar did not answer.
     */
    default Optional<List<EnvoyEndpoint>> sidecarEndpoints(String cluster, String namespace, String pod, String outboundCluster) {
        return Optional.empty();
    }

    /** One host of an Envoy cluster: {@code IP:PORT}, and whether Envoy's health flags say healthy. */
    record EnvoyEndpoint(String address, boolean healthy) {
    }

    /**
     * What the caller of a probe saw.
     *
     * @param flags    Envoy's response flags ({@code UH}, {@code UF,URX}; {@code -} when none)
     * @param servedBy {@code cluster/pod} that answered, null when none did
     * @param via      the endpoint the request went to ({@code 172.18.255.102:15443}), null when none
     */
    record Probe(int status, String flags, String body, String servedBy, String via) {
    }

    /**
     * Whether the clusters' clock may be ahead of the wall clock ({@link #now}): a client that stamps to the second
     * ({@code kubectl rollout restart}) and stamped this second already takes the next one at once instead of
     * waiting for it. The sim's clocks jump; a real cluster's is the wall clock.
     */
    default boolean clockMovesOn() {
        return false;
    }

    /**
     * Whether this process stays up between commands (the sim's background server, which runs every command of its
     * home): work it starts ahead for a later step — the mesh CA's keys — is not lost when the command ends.
     */
    default boolean staysUpBetweenCommands() {
        return false;
    }

    /** The clusters' time: certificates issued for them (the mesh CA) are dated from it. */
    default java.time.Instant now() {
        return java.time.Instant.now();
    }

    @Override
    default void close() {
    }
}
