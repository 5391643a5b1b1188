package dev.meshstage.backend.sim.apiserver;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.meshstage.backend.sim.protobuf.ProtobufFieldRules;
import dev.meshstage.backend.sim.store.StoreException;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apiextensions;
import io.kubernetes.client.proto.V1Apps;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Protobuf bodies as a Go client writes them (non-pointer fields always present, zero or not) decode to the JSON a
 * Go API server would store for the same struct.
 */
class ProtobufBodyTest {

    private final ProtobufBody body = new ProtobufBody(ProtobufFieldRules.builtIn());

    static byte[] envelope(String apiVersion, String kind, Message m) {
        Runtime.Unknown u = Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(m.toByteString()).setContentEncoding("").setContentType("").build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {'k', '8', 's', 0});
        out.writeBytes(u.toByteArray());
        return out.toByteArray();
    }

    /** ObjectMeta as Go writes it: every non-pointer field, the zero Time included. */
    static Meta.ObjectMeta.Builder meta(String name) {
        return Meta.ObjectMeta.newBuilder().setName(name).setGenerateName("").setNamespace("").setSelfLink("").setUid("")
                .setResourceVersion("").setGeneration(0).setCreationTimestamp(Meta.Time.newBuilder().setSeconds(0).setNanos(0));
    }

    JsonNode decode(String apiVersion, String kind, Message m) {
        return body.decode(envelope(apiVersion, kind, m));
    }

    @Test
    void namespaceKeepsItsEmptyStructsAndDropsZeroScalarsAndTheZeroTime() {
        JsonNode ns = decode("v1", "Namespace", V1.Namespace.newBuilder().setMetadata(meta("demo").putLabels("team", "a"))
                .setSpec(V1.NamespaceSpec.getDefaultInstance()).setStatus(V1.NamespaceStatus.newBuilder().setPhase("")).build());
        assertThat(ns.toString()).isEqualTo(
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"demo\",\"labels\":{\"team\":\"a\"}},\"spec\":{},\"status\":{}}");
    }

    @Test
    void pointerZerosStayAndNonPointerZerosGo() {
        JsonNode d = decode("apps/v1", "Deployment", V1Apps.Deployment.newBuilder().setMetadata(meta("web"))
                .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(0).setMinReadySeconds(0).setPaused(false)
                        .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "web"))
                        .setStrategy(V1Apps.DeploymentStrategy.newBuilder().setType(""))
                        .setTemplate(V1.PodTemplateSpec.newBuilder().setMetadata(meta("").putLabels("app", "web"))
                                .setSpec(V1.PodSpec.newBuilder().addContainers(V1.Container.newBuilder().setName("web").setImage("nginx:1.27")
                                        .setResources(V1.ResourceRequirements.getDefaultInstance())
                                        .addPorts(V1.ContainerPort.newBuilder().setContainerPort(80).setProtocol("TCP").setHostPort(0)))
                                        .setAutomountServiceAccountToken(false))))
                .build());
        assertThat(d.path("spec").path("replicas").isInt()).isTrue();
        assertThat(d.path("spec").path("replicas").asInt()).isZero();
        assertThat(d.path("spec").has("minReadySeconds")).isFalse();
        assertThat(d.path("spec").has("paused")).isFalse();
        assertThat(d.path("spec").path("strategy").toString()).isEqualTo("{}");
        JsonNode pod = d.path("spec").path("template").path("spec");
        assertThat(pod.path("automountServiceAccountToken").isBoolean()).isTrue();
        assertThat(pod.path("containers").get(0).toString())
                .isEqualTo("{\"name\":\"web\",\"image\":\"nginx:1.27\",\"ports\":[{\"containerPort\":80,\"protocol\":\"TCP\"}],\"resources\":{}}");
        assertThat(d.path("spec").path("template").path("metadata").toString()).isEqualTo("{\"labels\":{\"app\":\"web\"}}");
    }

    @Test
    void inlinedEmbeddingsQuantitiesAndIntOrStrings() {
        JsonNode p = decode("v1", "Pod", V1.Pod.newBuilder().setMetadata(meta("p"))
                .setSpec(V1.PodSpec.newBuilder()
                        .addVolumes(V1.Volume.newBuilder().setName("cfg").setVolumeSource(V1.VolumeSource.newBuilder()
                                .setConfigMap(V1.ConfigMapVolumeSource.newBuilder()
                                        .setLocalObjectReference(V1.LocalObjectReference.newBuilder().setName("app-config")))))
                        .addContainers(V1.Container.newBuilder().setName("c").setImage("i")
                                .setResources(V1.ResourceRequirements.newBuilder()
                                        .putLimits("cpu", Resource.Quantity.newBuilder().setString("500m").build()))
                                .setReadinessProbe(V1.Probe.newBuilder().setPeriodSeconds(10).setHandler(V1.ProbeHandler.newBuilder()
                                        .setHttpGet(V1.HTTPGetAction.newBuilder().setPath("/ready")
                                                .setPort(IntStr.IntOrString.newBuilder().setType(1).setStrVal("http")))))
                                .setLivenessProbe(V1.Probe.newBuilder().setHandler(V1.ProbeHandler.newBuilder()
                                        .setTcpSocket(V1.TCPSocketAction.newBuilder()
                                                .setPort(IntStr.IntOrString.newBuilder().setType(0).setIntVal(8080)))))))
                .build());
        JsonNode spec = p.path("spec");
        assertThat(spec.path("volumes").get(0).toString()).isEqualTo("{\"name\":\"cfg\",\"configMap\":{\"name\":\"app-config\"}}");
        JsonNode c = spec.path("containers").get(0);
        assertThat(c.path("resources").toString()).isEqualTo("{\"limits\":{\"cpu\":\"500m\"}}");
        assertThat(c.path("readinessProbe").toString()).isEqualTo("{\"httpGet\":{\"path\":\"/ready\",\"port\":\"http\"},\"periodSeconds\":10}");
        assertThat(c.path("livenessProbe").toString()).isEqualTo("{\"tcpSocket\":{\"port\":8080}}");
    }

    @Test
    void secretBytesAreBase64AndTimesAreRfc3339() {
        JsonNode s = decode("v1", "Secret", V1.Secret.newBuilder()
                .setMetadata(meta("s").setCreationTimestamp(Meta.Time.newBuilder().setSeconds(1_767_225_600L)))
                .putData("password", ByteString.copyFrom("s3cr3t", StandardCharsets.UTF_8)).setType("Opaque").build());
        assertThat(s.path("data").path("password").asString()).isEqualTo("czNjcjN0");
        assertThat(s.path("metadata").path("creationTimestamp").asString()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(s.path("type").asString()).isEqualTo("Opaque");
    }

    @Test
    void openApiSchemaFieldsGetTheirJsonNames() {
        JsonNode crd = decode("apiextensions.k8s.io/v1", "CustomResourceDefinition", V1Apiextensions.CustomResourceDefinition.newBuilder()
                .setMetadata(meta("widgets.example.com"))
                .setSpec(V1Apiextensions.CustomResourceDefinitionSpec.newBuilder().setGroup("example.com")
                        .addVersions(V1Apiextensions.CustomResourceDefinitionVersion.newBuilder().setName("v1").setServed(true).setStorage(true)
                                .setSchema(V1Apiextensions.CustomResourceValidation.newBuilder().setOpenAPIV3Schema(
                                        V1Apiextensions.JSONSchemaProps.newBuilder().setType("object").setXKubernetesPreserveUnknownFields(true)
                                                .setDefault(V1Apiextensions.JSON.newBuilder().setRaw(ByteString.copyFromUtf8("{\"a\":1}")))))))
                .build());
        JsonNode schema = crd.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema");
        assertThat(schema.toString()).isEqualTo("{\"type\":\"object\",\"default\":{\"a\":1},\"x-kubernetes-preserve-unknown-fields\":true}");
        assertThat(crd.path("spec").path("versions").get(0).path("served").asBoolean()).isTrue();
    }

    @Test
    void aBodyThatIsNotAKnownMessageIsABadRequest() {
        assertThatThrownBy(() -> body.decode("{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(StoreException.class).hasMessageContaining("expected prefix [107 56 115 0]");
        assertThatThrownBy(() -> body.decode(envelope("example.com/v1", "Widget", V1.Namespace.getDefaultInstance())))
                .isInstanceOf(StoreException.class).hasMessageContaining("no kind \"Widget\" is registered for version \"example.com/v1\"");
        byte[] broken = envelope("v1", "Namespace", V1.Namespace.getDefaultInstance());
        byte[] truncated = new byte[] {'k', '8', 's', 0, 0x0a, 0x7f, 1};
        assertThat(broken.length).isGreaterThan(4);
        assertThatThrownBy(() -> body.decode(truncated)).isInstanceOf(StoreException.class).hasMessageContaining("error decoding request body");
    }

    @Test
    void goDurations() {
        assertThat(GoDuration.format(0)).isEqualTo("0s");
        assertThat(GoDuration.format(3_600_000_000_000L)).isEqualTo("1h0m0s");
        assertThat(GoDuration.format(90_000_000_000L)).isEqualTo("1m30s");
        assertThat(GoDuration.format(1_500_000_000L)).isEqualTo("1.5s");
        assertThat(GoDuration.format(300_000_000L)).isEqualTo("300ms");
        assertThat(GoDuration.format(-2_000_000_000L)).isEqualTo("-2s");
        assertThat(GoDuration.format(1_500L)).isEqualTo("1.5µs");
    }
}
