package dev.meshstage.step;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * {@code istio-system} with {@code topology.istio.io/network=<network>}, made before anything is installed into it.
 * istioctl labels the namespace only when it creates it, so a namespace made earlier by hand (the workshop's
 * {@code kubectl create ns istio-system} on cluster2) stays without a network — defect 12; here the label is added
 * to an existing namespace too.
 */
final class IstioNamespace {

    static final String NAME = "istio-system";
    static final String NETWORK_LABEL = "topology.istio.io/network";

    private IstioNamespace() {
    }

    /** @return what was done, or null when the namespace was already right */
    static String ensure(KubernetesClient client, String network) {
        Namespace ns = client.namespaces().withName(NAME).get();
        if (ns == null) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAME)
                    .addToLabels(NETWORK_LABEL, network).endMetadata().build()).create();
            return "namespace istio-system created (" + NETWORK_LABEL + "=" + network + ")";
        }
        String current = ns.getMetadata().getLabels() == null ? null : ns.getMetadata().getLabels().get(NETWORK_LABEL);
        if (network.equals(current)) {
            return null;
        }
        client.namespaces().withName(NAME).edit(n -> new NamespaceBuilder(n).editMetadata()
                .addToLabels(NETWORK_LABEL, network).endMetadata().build());
        return "namespace istio-system labelled " + NETWORK_LABEL + "=" + network
                + (current == null ? "" : " (was " + current + ")");
    }
}
