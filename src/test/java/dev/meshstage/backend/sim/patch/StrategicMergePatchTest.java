package dev.meshstage.backend.sim.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class StrategicMergePatchTest {

    static final String DEPLOY = """
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"web","namespace":"demo","labels":{"app":"web","tier":"fe"},"finalizers":["a"]},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
               "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1,"maxUnavailable":0}},
               "template":{"metadata":{"labels":{"app":"web"}},"spec":{
                 "tolerations":[{"key":"a","operator":"Exists"},{"key":"b","operator":"Exists"}],
                 "containers":[
                   {"name":"web","image":"nginx:1.25","ports":[{"containerPort":80}],
                    "env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},
                   {"name":"sidecar","image":"envoy:1","env":[{"name":"X","value":"x"}]}]}}}}
            """;

    static ObjectNode deploy() {
        return Json.parseObject(DEPLOY);
    }

    static ObjectNode smp(ObjectNode orig, String patch) {
        return StrategicMergePatch.apply(orig, Json.parseObject(patch), "apps/v1", "Deployment");
    }

    static JsonNode containers(ObjectNode d) {
        return d.at("/spec/template/spec/containers");
    }

    @Test
    void imageChangeKeepsOtherContainers() {
        ObjectNode orig = deploy();
        ObjectNode r = smp(orig, """
                {"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.26"}]}}}}""");
        assertThat(containers(r)).hasSize(2);
        assertThat(containers(r).get(0).get("image").asString()).isEqualTo("nginx:1.26");
        assertThat(containers(r).get(0).get("ports")).hasSize(1);
        assertThat(containers(r).get(1).get("name").asString()).isEqualTo("sidecar");
        // original untouched
        assertThat(containers(orig).get(0).get("image").asString()).isEqualTo("nginx:1.25");
    }

    @Test
    void envMergesByName() {
        ObjectNode r = smp(deploy(), """
                {"spec":{"template":{"spec":{"containers":[{"name":"web",
                  "env":[{"name":"B","value":"22"},{"name":"C","value":"3"}]}]}}}}""");
        JsonNode env = containers(r).get(0).get("env");
        assertThat(env).hasSize(3);
        assertThat(env.get(0).get("name").asString()).isEqualTo("A");
        assertThat(env.get(1).get("value").asString()).isEqualTo("22");
        assertThat(env.get(2).get("name").asString()).isEqualTo("C");
    }

    @Test
    void patchDeleteRemovesContainer() {
        ObjectNode r = smp(deploy(), """
                {"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}""");
        assertThat(containers(r)).hasSize(1);
        assertThat(containers(r).get(0).get("name").asString()).isEqualTo("web");
    }

    @Test
    void patchReplaceOnListAndMap() {
        ObjectNode r = smp(deploy(), """
                {"metadata":{"labels":{"$patch":"replace","only":"me"}},
                 "spec":{"template":{"spec":{"containers":[{"$patch":"replace"},{"name":"solo","image":"busybox"}]}}}}""");
        assertThat(containers(r)).hasSize(1);
        assertThat(containers(r).get(0).get("name").asString()).isEqualTo("solo");
        assertThat(r.at("/metadata/labels").propertyNames()).containsExactly("only");
    }

    @Test
    void setElementOrderReorders() {
        ObjectNode r = smp(deploy(), """
                {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"sidecar"},{"name":"web"}],
                  "containers":[{"name":"web","image":"nginx:2"}]}}}}""");
        assertThat(containers(r).get(0).get("name").asString()).isEqualTo("sidecar");
        assertThat(containers(r).get(1).get("image").asString()).isEqualTo("nginx:2");
    }

    @Test
    void retainKeysDropsOtherKeys() {
        ObjectNode r = smp(deploy(), """
                {"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}""");
        assertThat(r.at("/spec/strategy").propertyNames()).containsExactly("type");
        assertThat(r.at("/spec/strategy/type").asString()).isEqualTo("Recreate");
    }

    @Test
    void tolerationsAreReplacedBecauseKubernetesGivesNoMergeKey() {
        ObjectNode r = smp(deploy(), """
                {"spec":{"template":{"spec":{"tolerations":[{"key":"c","operator":"Exists"}]}}}}""");
        assertThat(r.at("/spec/template/spec/tolerations")).hasSize(1);
        assertThat(r.at("/spec/template/spec/tolerations/0/key").asString()).isEqualTo("c");
    }

    @Test
    void finalizersUnionAndDeleteFromPrimitiveList() {
        ObjectNode r = smp(deploy(), """
                {"metadata":{"finalizers":["b","a"]}}""");
        assertThat(r.at("/metadata/finalizers").toString()).isEqualTo("[\"a\",\"b\"]");
        ObjectNode r2 = smp(r, """
                {"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}""");
        assertThat(r2.at("/metadata/finalizers").toString()).isEqualTo("[\"b\"]");
    }

    @Test
    void nullDeletesKey() {
        ObjectNode r = smp(deploy(), """
                {"metadata":{"labels":{"tier":null}},"spec":{"strategy":{"rollingUpdate":null}}}""");
        assertThat(r.at("/metadata/labels").propertyNames()).containsExactly("app");
        assertThat(r.at("/spec/strategy").has("rollingUpdate")).isFalse();
    }

    @Test
    void mapDeleteDirectiveEmptiesMap() {
        ObjectNode r = smp(deploy(), """
                {"metadata":{"labels":{"$patch":"delete"}}}""");
        assertThat(r.at("/metadata/labels").size()).isZero();
    }

    @Test
    void kubectlThreeWayApplyPatchOfDeployment() {
        // what kubectl apply -f sends after replicas 2->3 and image nginx:1.25->1.26 in the file
        ObjectNode live = deploy();
        live.withObject("/metadata").withObject("/annotations").put(
                "kubectl.kubernetes.io/last-applied-configuration", "{\"old\":true}\n");
        ObjectNode r = smp(live, """
                {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\\"new\\":true}\\n"}},
                 "spec":{"replicas":3,"template":{"spec":{
                   "$setElementOrder/containers":[{"name":"web"},{"name":"sidecar"}],
                   "containers":[{"image":"nginx:1.26","name":"web"}]}}}}""");
        assertThat(r.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(containers(r)).hasSize(2);
        assertThat(containers(r).get(0).get("image").asString()).isEqualTo("nginx:1.26");
        assertThat(containers(r).get(0).get("env")).hasSize(2);
        assertThat(containers(r).get(1).get("image").asString()).isEqualTo("envoy:1");
        assertThat(r.at("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration").asString())
                .isEqualTo("{\"new\":true}\n");
        assertThat(r.at("/spec/selector/matchLabels/app").asString()).isEqualTo("web");
    }

    @Test
    void serviceAndPodListsUseTheirKeys() {
        ObjectNode svc = Json.parseObject("""
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"s"},
                 "spec":{"ports":[{"name":"http","port":80},{"name":"https","port":443}]}}""");
        ObjectNode r = StrategicMergePatch.apply(svc, Json.parseObject("""
                {"spec":{"ports":[{"port":443,"targetPort":8443}]}}"""), "v1", "Service");
        assertThat(r.at("/spec/ports")).hasSize(2);
        assertThat(r.at("/spec/ports/1/targetPort").asInt()).isEqualTo(8443);
        assertThat(r.at("/spec/ports/1/name").asString()).isEqualTo("https");

        ObjectNode pod = Json.parseObject("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},
                 "spec":{"containers":[{"name":"a","volumeMounts":[{"mountPath":"/x","name":"v1"}]}],
                   "volumes":[{"name":"v1","emptyDir":{}}]}}""");
        ObjectNode rp = StrategicMergePatch.apply(pod, Json.parseObject("""
                {"spec":{"containers":[{"name":"a","volumeMounts":[{"mountPath":"/y","name":"v2"}]}],
                  "volumes":[{"name":"v2","configMap":{"name":"c"}}]}}"""), "v1", "Pod");
        assertThat(rp.at("/spec/containers/0/volumeMounts")).hasSize(2);
        assertThat(rp.at("/spec/volumes")).hasSize(2);
    }

    @Test
    void customResourcesGetJsonMergePatchSemantics() {
        ObjectNode cr = Json.parseObject("""
                {"apiVersion":"networking.istio.io/v1","kind":"Gateway","metadata":{"name":"g"},
                 "spec":{"servers":[{"port":{"number":80}},{"port":{"number":443}}],"selector":{"istio":"ingress"}}}""");
        ObjectNode r = StrategicMergePatch.apply(cr, Json.parseObject("""
                {"spec":{"servers":[{"port":{"number":8080}}],"selector":{"x":"y"}}}"""),
                "networking.istio.io/v1", "Gateway");
        assertThat(r.at("/spec/servers")).hasSize(1);
        assertThat(r.at("/spec/selector").propertyNames()).containsExactlyInAnyOrder("istio", "x");
    }

    @Test
    void missingMergeKeyIs422() {
        assertThatThrownBy(() -> smp(deploy(), """
                {"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}"""))
                .isInstanceOf(PatchException.class)
                .satisfies(e -> assertThat(((PatchException) e).httpStatus()).isEqualTo(422))
                .hasMessageContaining("does not contain declared merge key: name");
    }
}
