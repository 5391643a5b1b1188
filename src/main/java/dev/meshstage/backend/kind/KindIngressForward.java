package dev.meshstage.backend.kind;

import dev.meshstage.workshop.ClusterPlan;
import dev.meshstage.error.BackendException;
import dev.meshstage.kube.KubeClients;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code kubectl port-forward -n istio-system svc/istio-ingressgateway PORT:80} (the README's way in) done with
 * fabric8: a gateway pod's port 80 answers on {@code 127.0.0.1:PORT} until closed. Its own client, so the
 * forward's connections live exactly as long as the forward.
 */
final class KindIngressForward implements AutoCloseable {

    private final KubernetesClient client;
    private final LocalPortForward forward;

    private KindIngressForward(KubernetesClient client, LocalPortForward forward) {
        this.client = client;
        this.forward = forward;
    }

    static KindIngressForward open(Path kubeconfig, String cluster, int localPort) {
        KubernetesClient client = client(kubeconfig, cluster);
        try {
            LocalPortForward forward = client.services().inNamespace("istio-system").withName("istio-ingressgateway")
                    .portForward(80, InetAddress.getLoopbackAddress(), localPort);
            return new KindIngressForward(client, forward);
        } catch (RuntimeException e) {
            client.close();
            throw new BackendException("cannot port-forward to istio-system/istio-ingressgateway on " + cluster + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse(""))
                    + "; is the gateway running? ('mesh status')");
        }
    }

    /** A client of one kind cluster through the home's kubeconfig (its {@code kind-NAME} context); the caller closes it. */
    static KubernetesClient client(Path kubeconfig, String cluster) {
        Config config;
        try {
            config = Config.fromKubeconfig(ClusterPlan.contextOf(cluster), Files.readString(kubeconfig), kubeconfig.toString());
        } catch (IOException e) {
            throw new BackendException("no kubeconfig at " + kubeconfig + ": create the clusters first with 'cluster create'");
        }
        return KubeClients.build(config);
    }

    @Override
    public void close() {
        try {
            forward.close();
        } catch (IOException e) {
            // the listener goes with the process anyway
        } finally {
            client.close();
        }
    }
}
