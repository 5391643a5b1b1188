package dev.meshstage.kube;

import dev.meshstage.error.BackendException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Each transformer on a small kustomization of its own, with the expected result spelled out; where
 * kubectl is installed, the same directory is also checked against {@code kubectl kustomize}.
 */
class KustomizeTest {

    @TempDir
    Path dir;

    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels:
                app: web
            spec:
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  affinity:
                    podAntiAffinity:
                      requiredDuringSchedulingIgnoredDuringExecution:
                        - topologyKey: kubernetes.io/hostname
                          labelSelector:
                            matchLabels:
                              app: web
                  initContainers:
                    - name: init
                      image: busybox
                  containers:
                    - name: web
                      image: nginx:1.25
                    - name: sidecar
                      image: nginx-extra:1.0
            """;

    private static final String SERVICES_AND_STATEFULSET = """
            # two documents, a comment and an empty document, as real files have
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            spec:
              selector:
                app: web
              ports:
                - port: 80
            ---
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: external
            spec:
              type: ExternalName
              externalName: example.com
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata:
              name: db
            spec:
              serviceName: db
              selector:
                matchLabels:
                  app: db
              template:
                metadata:
                  labels:
                    app: db
                spec:
                  containers:
                    - name: db
                      image: registry.local:5000/team/postgres:16@sha256:abc
              volumeClaimTemplates:
                - metadata:
                    name: data
                  spec:
                    accessModes: [ReadWriteOnce]
                    resources:
                      requests:
                        storage: 1Gi
            """;

    private static final String PDB = """
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata:
              name: web
            spec:
              minAvailable: 1
            """;

    @Test
    void namespaceGoesOnNamespacedObjectsOnlyAndRenamesTheNamespace() throws Exception {
        write("kustomization.yaml", """
                namespace: shop
                resources: [ns.yaml, objects.yaml]
                """);
        write("ns.yaml", """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: something-else
                """);
        write("objects.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                  namespace: old
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata:
                  name: reader
                rules: []
                ---
                apiVersion: networking.istio.io/v1beta1
                kind: Gateway
                metadata:
                  name: gw
                spec: {}
                """);
        List<ObjectNode> objects = new Kustomize().render(dir);
        assertThat(at(objects, "Namespace").path("metadata").path("name").asString()).isEqualTo("shop");
        assertThat(at(objects, "Namespace").path("metadata").has("namespace")).isFalse();
        assertThat(at(objects, "ClusterRole").path("metadata").has("namespace")).isFalse();
        assertThat(at(objects, "ConfigMap").path("metadata").path("namespace").asString()).isEqualTo("shop");
        assertThat(at(objects, "Gateway").path("metadata").path("namespace").asString())
                .as("custom resources count as namespaced").isEqualTo("shop");
        KubectlKustomize.assertSameAsKubectlIfPresent(dir);
    }

    @Test
    void labelsWithSelectorsReachSelectorsTemplatesAndClaimTemplates() throws Exception {
        write("kustomization.yaml", """
                resources: [deployment.yaml, more.yaml, pdb.yaml]
                labels:
                  - includeSelectors: true
                    pairs:
                      part-of: shop
                """);
        write("deployment.yaml", DEPLOYMENT);
        write("more.yaml", SERVICES_AND_STATEFULSET);
        write("pdb.yaml", PDB);
        List<ObjectNode> objects = new Kustomize().render(dir);
        ObjectNode deployment = at(objects, "Deployment");
        assertThat(deployment.at("/metadata/labels/part-of").asString()).isEqualTo("shop");
        assertThat(deployment.at("/spec/selector/matchLabels/part-of").asString()).isEqualTo("shop");
        assertThat(deployment.at("/spec/template/metadata/labels/part-of").asString()).isEqualTo("shop");
        assertThat(deployment.at("/spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/0"
                + "/labelSelector/matchLabels/part-of").asString()).isEqualTo("shop");
        assertThat(named(objects, "Service", "web").at("/spec/selector/part-of").asString()).isEqualTo("shop");
        assertThat(named(objects, "Service", "external").at("/spec/selector/part-of").asString())
                .as("kustomize creates a selector even where there was none").isEqualTo("shop");
        ObjectNode statefulSet = at(objects, "StatefulSet");
        assertThat(statefulSet.at("/spec/selector/matchLabels/part-of").asString()).isEqualTo("shop");
        assertThat(statefulSet.at("/spec/volumeClaimTemplates/0/metadata/labels/part-of").asString()).isEqualTo("shop");
        assertThat(at(objects, "PodDisruptionBudget").at("/spec/selector").isMissingNode())
                .as("a PDB selector is only changed where it exists").isTrue();
        KubectlKustomize.assertSameAsKubectlIfPresent(dir);
    }

    @Test
    void labelsWithoutSelectorsStayInMetadataOrTemplates() throws Exception {
        write("kustomization.yaml", """
                resources: [deployment.yaml, more.yaml]
                labels:
                  - pairs:
                      team: blue
                  - includeTemplates: true
                    pairs:
                      tier: front
                """);
        write("deployment.yaml", DEPLOYMENT);
        write("more.yaml", SERVICES_AND_STATEFULSET);
        List<ObjectNode> objects = new Kustomize().render(dir);
        ObjectNode deployment = at(objects, "Deployment");
        assertThat(deployment.at("/metadata/labels/team").asString()).isEqualTo("blue");
        assertThat(deployment.at("/spec/template/metadata/labels/team").isMissingNode()).isTrue();
        assertThat(deployment.at("/spec/template/metadata/labels/tier").asString()).isEqualTo("front");
        assertThat(deployment.at("/spec/selector/matchLabels").size()).isEqualTo(1);
        assertThat(named(objects, "Service", "web").at("/spec/selector").size()).isEqualTo(1);
        assertThat(at(objects, "StatefulSet").at("/spec/volumeClaimTemplates/0/metadata/labels/tier").asString())
                .isEqualTo("front");
        KubectlKustomize.assertSameAsKubectlIfPresent(dir);
    }

    @Test
    void commonLabelsIncludeSelectorsAndCommonAnnotationsReachTemplates() throws Exception {
        write("kustomization.yaml", """
                resources: [deployment.yaml]
                commonLabels:
                  env: dev
                commonAnnotations:
                  owner: workshop
                """);
        write("deployment.yaml", DEPLOYMENT);
        ObjectNode deployment = at(new Kustomize().render(dir), "Deployment");
        assertThat(deployment.at("/spec/selector/matchLabels/env").asString()).isEqualTo("dev");
        assertThat(deployment.at("/metadata/annotations/owner").asString()).isEqualTo("workshop");
        assertThat(deployment.at("/spec/template/metadata/annotations/owner").asString()).isEqualTo("workshop");
        KubectlKustomize.assertSameAsKubectlIfPresent(dir);
    }

    @Test
    void imagesRewriteMatchingContainersOnly() throws Exception {
        write("kustomization.yaml", """
                resources: [deployment.yaml, more.yaml, pod.yaml]
                images:
                  - name: nginx
                    newTag: "1.27"
                  - name: busybox
                    newName: mirror.local/busybox
                    newTag: stable
                  - name: registry.local:5000/team/postgres
                    newTag: "17"
                  - name: redis
                    digest: sha256:def
                """);
        write("deployment.yaml", DEPLOYMENT);
        write("more.yaml", SERVICES_AND_STATEFULSET);
        write("pod.yaml", """
                apiVersion: batch/v1
                kind: CronJob
                metadata:
                  name: cleanup
                spec:
                  schedule: "0 * * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          restartPolicy: Never
                          containers:
                            - name: cleanup
                              image: redis:7
                """);
        List<ObjectNode> objects = new Kustomize().render(dir);
        ObjectNode pod = (ObjectNode) at(objects, "Deployment").at("/spec/template/spec");
        assertThat(pod.at("/containers/0/image").asString()).isEqualTo("nginx:1.27");
        assertThat(pod.at("/containers/1/image").asString()).as("nginx-extra is another image").isEqualTo("nginx-extra:1.0");
        assertThat(pod.at("/initContainers/0/image").asString()).isEqualTo("mirror.local/busybox:stable");
        assertThat(at(objects, "StatefulSet").at("/spec/template/spec/containers/0/image").asString())
                .as("a new tag replaces tag and digest").isEqualTo("registry.local:5000/team/postgres:17");
        assertThat(at(objects, "CronJob").at("/spec/jobTemplate/spec/template/spec/containers/0/image").asString())
                .as("a digest replaces the tag").isEqualTo("redis@sha256:def");
        KubectlKustomize.assertSameAsKubectlIfPresent(dir);
    }

    @Test
    void splitsImageReferencesLikeKustomize() {
        assertThat(ImageOverride.split("nginx")).containsExactly("nginx", "", "");
        assertThat(ImageOverride.split("nginx:1.25")).containsExactly("nginx", "1.25", "");
        assertThat(ImageOverride.split("host:5000/a/b")).containsExactly("host:5000/a/b", "", "");
        assertThat(ImageOverride.split("host:5000/a/b:v1@sha256:x")).containsExactly("host:5000/a/b", "v1", "sha256:x");
        assertThat(ImageOverride.split("a/b@sha256:x")).containsExactly("a/b", "", "sha256:x");
    }

    @Test
    void ordersLikeKustomizeLegacySort() throws Exception {
        write("kustomization.yaml", "resources: [all.yaml]\n");
        write("all.yaml", """
                apiVersion: admissionregistration.k8s.io/v1
                kind: ValidatingWebhookConfiguration
                metadata: {name: check}
                ---
                apiVersion: networking.istio.io/v1beta1
                kind: VirtualService
                metadata: {name: routes, namespace: b}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: b}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: b}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: api, namespace: b}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: zed, namespace: a}
                ---
                apiVersion: networking.istio.io/v1beta1
                kind: Gateway
                metadata: {name: gw, namespace: b}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings, namespace: b}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: b}
                """);
        assertThat(new Kustomize().render(dir).stream()
                .map(o -> o.path("kind").asString() + " " + o.at("/metadata/name").asString()).toList())
                .containsExactly("Namespace b", "ConfigMap settings", "Service zed", "Service api", "Service web",
                        "Deployment web", "Gateway gw", "VirtualService routes", "ValidatingWebhookConfiguration check");
        KubectlKustomize.assertSameAsKubectlIfPresent(dir);
    }

    @Test
    void nestedDirectoriesAreTransformedInsideOut() throws Exception {
        write("kustomization.yaml", """
                namespace: outer
                resources: [base, extra.yaml]
                commonLabels:
                  layer: outer
                """);
        write("extra.yaml", PDB);
        write("base/kustomization.yaml", """
                namespace: inner
                resources: [deployment.yaml]
                images:
                  - name: nginx
                    newTag: base
                """);
        write("base/deployment.yaml", DEPLOYMENT);
        List<ObjectNode> objects = new Kustomize().render(dir);
        ObjectNode deployment = at(objects, "Deployment");
        assertThat(deployment.at("/metadata/namespace").asString()).isEqualTo("outer");
        assertThat(deployment.at("/spec/selector/matchLabels/layer").asString()).isEqualTo("outer");
        assertThat(deployment.at("/spec/template/spec/containers/0/image").asString()).isEqualTo("nginx:base");
        KubectlKustomize.assertSameAsKubectlIfPresent(dir);
    }

    @Test
    void missingResourceNamesTheKustomizationAndTheResource() throws IOException {
        write("kustomization.yaml", "resources: [gone.yaml]\n");
        assertThatThrownBy(() -> new Kustomize().render(dir)).isInstanceOf(BackendException.class)
                .hasMessage(dir.getFileName() + "/kustomization.yaml: resource 'gone.yaml' not found");
    }

    @Test
    void malformedYamlNamesFileAndLine() throws IOException {
        write("kustomization.yaml", "resources: [bad.yaml]\n");
        write("bad.yaml", """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: x
                 data: [oops
                """);
        assertThatThrownBy(() -> new Kustomize().render(dir)).isInstanceOf(BackendException.class)
                .hasMessageStartingWith(dir.getFileName() + "/bad.yaml line 5: malformed YAML (")
                .hasMessageNotContaining("\n");
    }

    @Test
    void unknownOrUnsupportedFieldsAreRefusedByName() throws IOException {
        write("kustomization.yaml", "resources: []\npatches: []\n");
        assertThatThrownBy(() -> new Kustomize().render(dir)).isInstanceOf(BackendException.class)
                .hasMessageStartingWith(dir.getFileName() + "/kustomization.yaml: field 'patches' is unknown or not supported");
        write("kustomization.yaml", "images:\n  - name: nginx\n    tagSuffix: -x\n");
        assertThatThrownBy(() -> new Kustomize().render(dir))
                .hasMessageContaining("field 'images.tagSuffix' is unknown or not supported");
    }

    @Test
    void refusesWhatKustomizeRefuses() throws IOException {
        assertThatThrownBy(() -> new Kustomize().render(dir))
                .hasMessage(dir.getFileName() + ": no kustomization.yaml in this directory");
        Files.createDirectories(dir.resolve("app"));
        write("shared.yaml", PDB);
        write("app/kustomization.yaml", "resources: [../shared.yaml]\n");
        assertThatThrownBy(() -> new Kustomize().render(dir.resolve("app")))
                .hasMessageContaining("app/kustomization.yaml: resource '../shared.yaml' is outside");
        write("app/kustomization.yaml", "resources: [a.yaml, b.yaml]\n");
        write("app/a.yaml", PDB);
        write("app/b.yaml", PDB);
        assertThatThrownBy(() -> new Kustomize().render(dir.resolve("app")))
                .hasMessage("app/kustomization.yaml: PodDisruptionBudget web is defined twice among its resources");
    }

    private void write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static ObjectNode at(List<ObjectNode> objects, String kind) {
        return objects.stream().filter(o -> o.path("kind").asString().equals(kind)).findFirst().orElseThrow();
    }

    private static ObjectNode named(List<ObjectNode> objects, String kind, String name) {
        return objects.stream().filter(o -> o.path("kind").asString().equals(kind))
                .filter(o -> o.at("/metadata/name").asString().equals(name)).findFirst().orElseThrow();
    }

}
