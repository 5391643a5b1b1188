package dev.meshstage.mesh.source;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.List;

/**
 * A kind the model reads whose API an add-on brings (Istio's gateways and virtual services, MetalLB's address
 * pools): watched from when its CustomResourceDefinition serves the version read, not before — an informer on an
 * API that is not there gets 404 and retries for as long as the dashboard is open, a warning with a stack trace
 * in the log each time.
 *
 * @param name      the informer's name in the live source
 * @param namespace where its objects are read; null: all namespaces
 */
record AddOnKind(String name, ResourceDefinitionContext context, String namespace) {

    static final List<AddOnKind> ALL = List.of(
            new AddOnKind("gateways", SnapshotSource.GATEWAYS, null),
            new AddOnKind("virtualservices", SnapshotSource.VIRTUAL_SERVICES, null),
            new AddOnKind("pools", SnapshotSource.POOLS, FactsAssembler.METALLB));

    /** Its CRD's name: {@code plural.group}. */
    String crd() {
        return context.getPlural() + "." + context.getGroup();
    }

    /** Whether {@code crd} (this kind's) is established and serves the version read. */
    boolean servedBy(CustomResourceDefinition crd) {
        boolean established = crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream().anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
        return established && crd.getSpec() != null && crd.getSpec().getVersions() != null
                && crd.getSpec().getVersions().stream().anyMatch(v -> context.getVersion().equals(v.getName()) && Boolean.TRUE.equals(v.getServed()));
    }

    /** The informer on its objects, not started. */
    SharedIndexInformer<GenericKubernetesResource> informer(KubernetesClient client) {
        var resources = client.genericKubernetesResources(context);
        return (namespace == null ? resources.inAnyNamespace().runnableInformer(0) : resources.inNamespace(namespace).runnableInformer(0));
    }

    /** The informer that tells when its CRD comes, changes or goes (that one CRD only), not started. */
    SharedIndexInformer<CustomResourceDefinition> crdInformer(KubernetesClient client) {
        return client.apiextensions().v1().customResourceDefinitions().withName(crd()).runnableInformer(0);
    }
}
