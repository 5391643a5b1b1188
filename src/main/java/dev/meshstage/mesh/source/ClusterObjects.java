package dev.meshstage.mesh.source;

import dev.meshstage.mesh.model.PodFact;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;

import java.util.List;

/**
 * What a source read of one cluster, before it becomes facts: the typed objects (pods already as facts, because the
 * snapshot reads them as the server's tables). Secrets are only those of istio-system, and only their certificates
 * and remote-secret kubeconfigs are looked at.
 */
record ClusterObjects(List<Node> nodes, List<Namespace> namespaces, List<PodFact> pods, List<Service> services,
        List<EndpointSlice> endpointSlices, List<Deployment> deployments, List<StatefulSet> statefulSets,
        List<DaemonSet> daemonSets, List<Secret> istioSecrets, List<ConfigMap> istioConfigMaps,
        List<GenericKubernetesResource> istioGateways, List<GenericKubernetesResource> virtualServices,
        List<GenericKubernetesResource> pools, List<Event> events) {
}
