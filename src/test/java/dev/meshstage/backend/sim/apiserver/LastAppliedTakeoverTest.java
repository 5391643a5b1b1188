package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.backend.sim.patch.ApplyConflictException;
import dev.meshstage.backend.sim.patch.ServerSideApply;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code kubectl apply} then {@code kubectl apply --server-side} with a changed field: taken over, not a conflict. */
class LastAppliedTakeoverTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String NOW = "2026-01-01T09:00:00Z";

    private static ObjectNode obj(String json) {
        return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
    }

    private static ObjectNode clientSideApplied(boolean withAnnotation) {
        ObjectNode deployment = obj("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':'demo'},"
                + "'spec':{'replicas':2,'template':{'spec':{'containers':[{'name':'c','image':'nginx'}]}}}}");
        if (withAnnotation) {
            ObjectNode lastApplied = deployment.deepCopy();
            ((ObjectNode) deployment.get("metadata")).putObject("annotations")
                    .put("kubectl.kubernetes.io/last-applied-configuration", JSON.writeValueAsString(lastApplied));
        }
        return ServerSideApply.recordUpdate(null, deployment, "kubectl-client-side-apply", "Update", NOW);
    }

    private static ObjectNode applied(int replicas) {
        return obj("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':'demo'},"
                + "'spec':{'replicas':" + replicas + ",'template':{'spec':{'containers':[{'name':'c','image':'nginx'}]}}}}");
    }

    @Test
    void fieldsTheLastAppliedConfigurationHoldsAreTakenOver() {
        Patching.Applied r = Patching.serverSideApply(clientSideApplied(true), applied(3), "kubectl", false, NOW);
        assertThat(r.object().at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(r.object().at("/metadata/managedFields").toString()).contains("\"manager\":\"kubectl\"");
    }

    @Test
    void withoutTheAnnotationTheConflictStands() {
        assertThatThrownBy(() -> Patching.serverSideApply(clientSideApplied(false), applied(3), "kubectl", false, NOW))
                .isInstanceOf(ApplyConflictException.class).hasMessageContaining(".spec.replicas");
    }
}
