package dev.meshstage.step;

import dev.meshstage.error.BackendException;
import dev.meshstage.error.UsageException;
import dev.meshstage.session.Session;
import dev.meshstage.workshop.ClusterPlan;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Where Simple Buy can be reached: the ingress gateway of the first cluster (the VirtualService lives there).
 * {@link #url()} reads the address the cluster gives it; {@link #open(int)} makes it answer on this machine's
 * loopback for as long as the shell runs (or until {@link #stop()}), whatever the backend.
 */
@Component
public class AppIngress implements AutoCloseable {

    /** The http2 port of the gateway Service (configs/istio/clusterN.yaml), what the README curls. */
    public static final int HTTP_PORT = 80;

    /**
     * @param address where the gateway Service answers: its LoadBalancer IP (the README's GATEWAY_IP), or its
     *                NodePort and the host port kind maps to it
     * @param open    the loopback URL {@code app open} serves now, or null
     */
    public record AppUrl(String cluster, GatewayAddress address, String open) {
    }

    private final Session session;
    private AutoCloseable opened;
    private String openUrl;

    public AppIngress(Session session) {
        this.session = session;
    }

    public AppUrl url() {
        ClusterPlan cluster = session.plan().clusters().get(0);
        GatewayAddress address = GatewayAddress.of(gateway(cluster), HTTP_PORT, cluster);
        synchronized (this) {
            return new AppUrl(cluster.name(), address, openUrl);
        }
    }

    /** @throws UsageException when the port is taken here, suggesting another */
    public synchronized String open(int port) {
        if (opened != null) {
            throw new UsageException("the ingress gateway is already open on " + openUrl + ": 'app close' first to move it");
        }
        if (port < 1 || port > 65535) {
            throw new UsageException("--port must be 1-65535, not " + port);
        }
        requireFree(port);
        ClusterPlan cluster = session.plan().clusters().get(0);
        gateway(cluster);
        opened = session.backendFor(cluster.name()).openIngress(cluster.name(), port);
        openUrl = "http://127.0.0.1:" + port + "/";
        return openUrl;
    }

    /** Stops answering; the shell's exit does it too. @return the URL that was closed, or null when none was open */
    public synchronized String stop() {
        String was = openUrl;
        if (opened != null) {
            try {
                opened.close();
            } catch (Exception e) {
                // closing a listener on our way out: nothing the user can do about it
            } finally {
                opened = null;
                openUrl = null;
            }
        }
        return was;
    }

    @Override
    public void close() {
        stop();
    }

    private Service gateway(ClusterPlan cluster) {
        Service gateway = session.client(cluster.name()).services().inNamespace(IstioNamespace.NAME)
                .withName(MeshInstallStep.INGRESS).get();
        if (gateway == null) {
            throw new BackendException(cluster.name() + " has no " + MeshInstallStep.INGRESS + " Service in "
                    + IstioNamespace.NAME + ": run 'mesh install' first");
        }
        return gateway;
    }

    private static void requireFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new UsageException("port " + port + " is already in use on this machine: pick another with 'app open --port "
                    + (port == 8080 ? 8090 : port + 1) + "'");
        }
    }
}
