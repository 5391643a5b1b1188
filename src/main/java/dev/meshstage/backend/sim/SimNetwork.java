package dev.meshstage.backend.sim;

import dev.meshstage.backend.sim.controller.ImageCatalogue;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * {@code sim network offline|online}: whether a simulated cluster's registries answer, kept in a ConfigMap of the
 * cluster ({@code kube-system/meshstage-sim-network}) so it is saved with the cluster and any meshstage process,
 * server or client, sets it through the API. Offline, the kubelets start only images already on their nodes.
 */
public final class SimNetwork {

    /** What setting the network did: {@code changed} is false when the cluster already was in that state. */
    public record Change(String cluster, boolean online, boolean changed) {
    }

    private SimNetwork() {
    }

    public static Change set(String cluster, KubernetesClient client, boolean online) {
        String wanted = online ? "online" : "offline";
        var resource = client.configMaps().inNamespace(ImageCatalogue.NETWORK_NAMESPACE).withName(ImageCatalogue.NETWORK_CONFIGMAP);
        ConfigMap existing = resource.get();
        String current = existing == null || existing.getData() == null ? "online"
                : existing.getData().getOrDefault(ImageCatalogue.NETWORK_KEY, "online");
        if (current.equals(wanted)) {
            return new Change(cluster, online, false);
        }
        if (existing == null) {
            client.configMaps().inNamespace(ImageCatalogue.NETWORK_NAMESPACE).resource(new ConfigMapBuilder()
                    .withNewMetadata().withName(ImageCatalogue.NETWORK_CONFIGMAP).withNamespace(ImageCatalogue.NETWORK_NAMESPACE)
                    .addToLabels("app.kubernetes.io/managed-by", "meshstage").endMetadata()
                    .addToData(ImageCatalogue.NETWORK_KEY, wanted).build()).create();
        } else {
            resource.edit(cm -> new ConfigMapBuilder(cm).addToData(ImageCatalogue.NETWORK_KEY, wanted).build());
        }
        return new Change(cluster, online, true);
    }
}
