package dev.meshstage.backend.sim.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ServerSideApplyTest {
    static final String T0 = "2026-01-01T00:00:00Z";
    static final String T1 = "2026-01-01T00:01:00Z";

    static ObjectNode cfg(int replicas, String image, boolean withLabel) {
        return Json.parseObject("""
                {"apiVersion":"apps/v1","kind":"Deployment",
                 "metadata":{"name":"web","namespace":"demo","labels":{"app":"web"%s}},
                 "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"web"}},
                   "template":{"metadata":{"labels":{"app":"web"}},
                     "spec":{"containers":[{"name":"web","image":"%s","ports":[{"containerPort":80,"protocol":"TCP"}]}]}}}}"""
                .formatted(withLabel ? ",\"team\":\"a\"" : "", replicas, image));
    }

    @Test
    void createRecordsApplyEntryInRealFormat() {
        ApplyResult r = ServerSideApply.apply(null, cfg(2, "nginx:1", true), "kubectl", false, T0);
        assertThat(r.created()).isTrue();
        ObjectNode m = r.merged();
        assertThat(m.at("/spec/replicas").asInt()).isEqualTo(2);
        JsonNode mf = m.at("/metadata/managedFields");
        assertThat(mf).hasSize(1);
        JsonNode e = mf.get(0);
        assertThat(e.propertyNames()).containsExactly("manager", "operation", "apiVersion", "time", "fieldsType",
                "fieldsV1");
        assertThat(e.get("manager").asString()).isEqualTo("kubectl");
        assertThat(e.get("operation").asString()).isEqualTo("Apply");
        assertThat(e.get("apiVersion").asString()).isEqualTo("apps/v1");
        assertThat(e.get("time").asString()).isEqualTo(T0);
        assertThat(e.get("fieldsType").asString()).isEqualTo("FieldsV1");
        JsonNode f = e.get("fieldsV1");
        assertThat(f.at("/f:spec/f:replicas").isEmpty()).isTrue();
        assertThat(f.at("/f:spec/f:selector").isEmpty()).isTrue(); // atomic selector
        assertThat(f.at("/f:metadata/f:labels/f:team").isObject()).isTrue();
        assertThat(f.at("/f:metadata").has("f:name")).isFalse();
        JsonNode c = f.at("/f:spec/f:template/f:spec/f:containers/k:{\"name\":\"web\"}");
        assertThat(c.has(".")).isTrue();
        assertThat(c.has("f:image")).isTrue();
        assertThat(c.at("/f:ports").has("k:{\"containerPort\":80,\"protocol\":\"TCP\"}")).isTrue();
    }

    @Test
    void reapplyWithoutFieldRemovesIt() {
        ObjectNode live = ServerSideApply.apply(null, cfg(2, "nginx:1", true), "kubectl", false, T0).merged();
        ApplyResult r = ServerSideApply.apply(live, cfg(2, "nginx:2", false), "kubectl", false, T1);
        assertThat(r.created()).isFalse();
        assertThat(r.merged().at("/metadata/labels").propertyNames()).containsExactly("app");
        assertThat(r.merged().at("/spec/template/spec/containers/0/image").asString()).isEqualTo("nginx:2");
        assertThat(r.merged().at("/metadata/managedFields/0/fieldsV1/f:metadata/f:labels").has("f:team")).isFalse();
        assertThat(r.merged().at("/metadata/managedFields/0/time").asString()).isEqualTo(T1);
    }

    @Test
    void omittedFieldStaysWhenAnotherManagerOwnsIt() {
        ObjectNode live = ServerSideApply.apply(null, cfg(2, "nginx:1", true), "kubectl", false, T0).merged();
        ObjectNode other = Json.parseObject("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"team":"a"}}}""");
        live = ServerSideApply.apply(live, other, "labeler", false, T0).merged();
        ObjectNode r = ServerSideApply.apply(live, cfg(2, "nginx:1", false), "kubectl", false, T1).merged();
        assertThat(r.at("/metadata/labels/team").asString()).isEqualTo("a");
    }

    @Test
    void twoAppliersConflictAndForceWins() {
        ObjectNode live = ServerSideApply.apply(null, cfg(2, "nginx:1", false), "kubectl", false, T0).merged();
        ObjectNode hpa = Json.parseObject("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":5}}""");
        assertThatThrownBy(() -> ServerSideApply.apply(live, hpa, "autoscaler", false, T1))
                .isInstanceOf(ApplyConflictException.class)
                .hasMessage("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas")
                .satisfies(e -> assertThat(((ApplyConflictException) e).httpStatus()).isEqualTo(409));
        // same value: shared ownership, no conflict
        ObjectNode same = Json.parseObject("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":2}}""");
        assertThat(ServerSideApply.apply(live, same, "autoscaler", false, T1).merged().at("/metadata/managedFields"))
                .hasSize(2);

        ObjectNode forced = ServerSideApply.apply(live, hpa, "autoscaler", true, T1).merged();
        assertThat(forced.at("/spec/replicas").asInt()).isEqualTo(5);
        assertThat(forced.at("/metadata/managedFields/0/fieldsV1/f:spec").has("f:replicas")).isFalse();
        assertThat(forced.at("/metadata/managedFields/1/manager").asString()).isEqualTo("autoscaler");
        // kubectl re-applies its old file without replicas: the field is no longer its own, so it stays 5
        ObjectNode noReplicas = cfg(2, "nginx:1", false);
        ((ObjectNode) noReplicas.get("spec")).remove("replicas");
        ObjectNode after = ServerSideApply.apply(forced, noReplicas, "kubectl", false, T1).merged();
        assertThat(after.at("/spec/replicas").asInt()).isEqualTo(5);
    }

    @Test
    void conflictWithClientSideApplyUpdateManager() {
        ObjectNode created = cfg(2, "nginx:1", false);
        ObjectNode live = ServerSideApply.recordUpdate(null, created, "kubectl-client-side-apply", "Update", T0);
        JsonNode e = live.at("/metadata/managedFields/0");
        assertThat(e.get("operation").asString()).isEqualTo("Update");
        assertThat(e.at("/fieldsV1/f:spec/f:replicas").isObject()).isTrue();

        ObjectNode edited = live.deepCopy();
        ((ObjectNode) edited.get("spec")).put("replicas", 3);
        ObjectNode live2 = ServerSideApply.recordUpdate(live, edited, "kubectl-edit", "Update", T1);
        assertThat(live2.at("/metadata/managedFields")).hasSize(2);
        assertThat(live2.at("/metadata/managedFields/0/fieldsV1/f:spec").has("f:replicas")).isFalse();
        assertThat(live2.at("/metadata/managedFields/1/fieldsV1/f:spec").has("f:replicas")).isTrue();

        assertThatThrownBy(() -> ServerSideApply.apply(live2, cfg(4, "nginx:2", false), "kubectl", false, T1))
                .isInstanceOf(ApplyConflictException.class)
                .hasMessage("Apply failed with 2 conflicts: conflicts with \"kubectl-client-side-apply\" using apps/v1:\n"
                        + "- .spec.template.spec.containers[name=\"web\"].image\n"
                        + "conflicts with \"kubectl-edit\" using apps/v1:\n- .spec.replicas");
    }

    @Test
    void conflictStatusBody() {
        ApplyConflictException ex = new ApplyConflictException(java.util.List.of(
                new ApplyConflictException.Conflict("kubectl-client-side-apply", "Update", "apps/v1", ".spec.replicas")));
        assertThat(ex.getMessage()).isEqualTo(
                "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas");
        ObjectNode s = ex.toStatus("deployments.apps", "web");
        assertThat(s.get("code").asInt()).isEqualTo(409);
        assertThat(s.get("reason").asString()).isEqualTo("Conflict");
        assertThat(s.at("/details/causes/0/reason").asString()).isEqualTo("FieldManagerConflict");
        assertThat(s.at("/details/causes/0/field").asString()).isEqualTo(".spec.replicas");
    }

    @Test
    void statusAndServerFieldsAreNotOwned() {
        ObjectNode c = cfg(1, "x", false);
        c.withObject("/metadata").put("uid", "u").put("resourceVersion", "5");
        c.putObject("status").put("replicas", 9);
        ObjectNode m = ServerSideApply.apply(null, c, "kubectl", false, T0).merged();
        assertThat(m.has("status")).isFalse();
        JsonNode f = m.at("/metadata/managedFields/0/fieldsV1");
        assertThat(f.has("f:status")).isFalse();
        assertThat(f.at("/f:metadata").has("f:uid")).isFalse();
        assertThat(f.has("f:apiVersion")).isFalse();
    }

    @Test
    void fieldsV1RoundTrip() {
        ObjectNode m = ServerSideApply.apply(null, cfg(1, "x", true), "kubectl", false, T0).merged();
        JsonNode f = m.at("/metadata/managedFields/0/fieldsV1");
        assertThat(FieldSet.toFieldsV1(FieldSet.fromFieldsV1(f))).isEqualTo(f);
    }
}
