package dev.meshstage.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Server-side apply of a batch of objects, in order, the way {@code kubectl apply --server-side} does it —
 * on any backend, since it only speaks the Kubernetes API. Says per object whether it was created,
 * changed or already as wanted, so steps can report "already done".
 */
public final class Applier {

    public static final String FIELD_MANAGER = "meshstage";

    public enum Result { CREATED, CONFIGURED, UNCHANGED }

    public record Applied(String apiVersion, String kind, String namespace, String name, Result result) {
        /** kubectl's wording: {@code deployment.apps/web created}. */
        public String describe() {
            String group = apiVersion.contains("/") ? "." + apiVersion.substring(0, apiVersion.indexOf('/')) : "";
            return kind.toLowerCase(Locale.ROOT) + group + "/" + name + " " + switch (result) {
                case CREATED -> "created";
                case CONFIGURED -> "configured";
                case UNCHANGED -> "unchanged";
            };
        }
    }

    private Applier() {
    }

    public static List<Applied> apply(KubernetesClient client, List<ObjectNode> objects) {
        List<Applied> out = new ArrayList<>();
        for (ObjectNode o : objects) {
            out.add(apply(client, o));
        }
        return out;
    }

    public static Applied apply(KubernetesClient client, ObjectNode object) {
        return apply(client, object, FIELD_MANAGER);
    }

    /** As another tool would apply it ({@code istioctl} for the sim's Istio install), so managedFields say who. */
    public static Applied apply(KubernetesClient client, ObjectNode object, String fieldManager) {
        GenericKubernetesResource resource = Serialization.jsonMapper().convertValue(object, GenericKubernetesResource.class);
        var handle = client.resource(resource);
        HasMetadata before = handle.get();
        HasMetadata after = handle.fieldManager(fieldManager).forceConflicts().serverSideApply();
        Result result = before == null ? Result.CREATED
                : before.getMetadata().getResourceVersion().equals(after.getMetadata().getResourceVersion())
                        ? Result.UNCHANGED : Result.CONFIGURED;
        return new Applied(resource.getApiVersion(), resource.getKind(), after.getMetadata().getNamespace(),
                after.getMetadata().getName(), result);
    }
}
