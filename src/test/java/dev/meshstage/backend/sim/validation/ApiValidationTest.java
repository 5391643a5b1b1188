package dev.meshstage.backend.sim.validation;

import dev.meshstage.backend.sim.patch.Json;
import dev.meshstage.backend.sim.store.InvalidObject;
import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.backend.sim.store.ResourceType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A 1.34 API server's HPA rules, worded as it words them (stored form: autoscaling/v2). */
class ApiValidationTest {

    static final ResourceType HPA = new ResourceRegistry().require("autoscaling/v2", "HorizontalPodAutoscaler");

    static String hpa(String spec) {
        return "{\"apiVersion\":\"autoscaling/v2\",\"kind\":\"HorizontalPodAutoscaler\",\"metadata\":{\"name\":\"web\",\"namespace\":\"d\"},"
                + "\"spec\":{\"scaleTargetRef\":{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":\"web\"}," + spec + "}}";
    }

    static InvalidObject refused(String json) {
        return catchThrowableOfType(InvalidObject.class, () -> ApiValidation.validate(HPA, Json.parseObject(json)));
    }

    static final String CPU80 = "\"metrics\":[{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\",\"target\":{\"type\":\"Utilization\",\"averageUtilization\":80}}}]";

    @Test
    void validHpasPass() {
        assertThatCode(() -> ApiValidation.validate(HPA, Json.parseObject(hpa("\"minReplicas\":1,\"maxReplicas\":5," + CPU80)))).doesNotThrowAnyException();
        assertThatCode(() -> ApiValidation.validate(HPA, Json.parseObject(hpa("\"maxReplicas\":1")))).as("min unset, no metrics")
                .doesNotThrowAnyException();
        assertThatCode(() -> ApiValidation.validate(HPA, Json.parseObject(hpa("\"minReplicas\":3,\"maxReplicas\":3")))).doesNotThrowAnyException();
    }

    @Test
    void maxBelowMin() {
        InvalidObject e = refused(hpa("\"minReplicas\":5,\"maxReplicas\":2"));
        assertThat(e.code()).isEqualTo(422);
        assertThat(e.getMessage()).isEqualTo("HorizontalPodAutoscaler.autoscaling \"web\" is invalid: spec.maxReplicas: Invalid value: 2: "
                + "must be greater than or equal to `minReplicas`");
        assertThat(e.causes()).containsExactly(new InvalidObject.Cause("FieldValueInvalid",
                "Invalid value: 2: must be greater than or equal to `minReplicas`", "spec.maxReplicas"));
        assertThat(e.kind()).isEqualTo("HorizontalPodAutoscaler");
        assertThat(e.group()).isEqualTo("autoscaling");
        assertThat(e.name()).isEqualTo("web");
    }

    @Test
    void boundsBelowOne() {
        assertThat(refused(hpa("\"minReplicas\":0,\"maxReplicas\":3")).getMessage())
                .endsWith("is invalid: spec.minReplicas: Invalid value: 0: must be greater than or equal to 1");
        assertThat(refused(hpa("\"maxReplicas\":0")).getMessage()).endsWith("is invalid: spec.maxReplicas: Invalid value: 0: must be greater than 0");
        assertThat(refused(hpa("\"minReplicas\":2")).getMessage()).as("maxReplicas missing: Go's zero")
                .endsWith("is invalid: [spec.maxReplicas: Invalid value: 0: must be greater than 0, "
                        + "spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`]");
        InvalidObject both = refused(hpa("\"minReplicas\":-1,\"maxReplicas\":-2"));
        assertThat(both.getMessage()).as("every error, in brackets").endsWith("is invalid: [spec.minReplicas: Invalid value: -1: must be greater "
                + "than or equal to 1, spec.maxReplicas: Invalid value: -2: must be greater than 0, spec.maxReplicas: Invalid value: -2: "
                + "must be greater than or equal to `minReplicas`]");
        assertThat(both.causes()).hasSize(3);
    }

    @Test
    void scaleTargetAndMetrics() {
        String noTarget = "{\"metadata\":{\"name\":\"web\"},\"spec\":{\"scaleTargetRef\":{},\"maxReplicas\":2}}";
        assertThat(refused(noTarget).getMessage()).endsWith("is invalid: [spec.scaleTargetRef.kind: Required value, spec.scaleTargetRef.name: Required value]");
        assertThat(refused(hpa("\"maxReplicas\":2,\"metrics\":[{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\","
                + "\"target\":{\"type\":\"Utilization\",\"averageUtilization\":0}}}]")).getMessage())
                .endsWith("is invalid: spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0");
        assertThat(refused(hpa("\"maxReplicas\":2,\"metrics\":[{\"type\":\"Bogus\"}]")).getMessage())
                .endsWith("is invalid: spec.metrics[0].type: Unsupported value: \"Bogus\": supported values: \"ContainerResource\", "
                        + "\"External\", \"Object\", \"Pods\", \"Resource\"");
        assertThat(refused(hpa("\"maxReplicas\":2,\"metrics\":[{\"type\":\"Resource\"}]")).getMessage())
                .endsWith("is invalid: spec.metrics[0].resource: Required value: must populate information for the given metric source");
        assertThat(refused(hpa("\"maxReplicas\":2,\"metrics\":[{\"type\":\"Resource\",\"resource\":{\"name\":\"cpu\",\"target\":{\"type\":\"Utilization\"}}}]"))
                .getMessage()).endsWith("is invalid: spec.metrics[0].resource.target.averageUtilization: Required value: "
                        + "must set either a target raw value or a target utilization");
    }

    @Test
    void otherKindsAreNotChecked() {
        ResourceType cm = new ResourceRegistry().require("v1", "ConfigMap");
        assertThatCode(() -> ApiValidation.validate(cm, Json.parseObject("{\"metadata\":{\"name\":\"x\"},\"spec\":{\"maxReplicas\":0}}")))
                .doesNotThrowAnyException();
    }
}
