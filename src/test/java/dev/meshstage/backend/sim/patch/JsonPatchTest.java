package dev.meshstage.backend.sim.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.node.ObjectNode;

class JsonPatchTest {

    static final ObjectNode DOC = Json.parseObject("""
            {"metadata":{"name":"x","annotations":{"a/b":"1","t~x":"2"}},"spec":{"list":[1,2,3]}}""");

    static int status(Throwable e) {
        return ((PatchException) e).httpStatus();
    }

    @Test
    void allOperations() {
        ObjectNode r = JsonPatch.apply(DOC, Json.parse("""
                [{"op":"test","path":"/metadata/name","value":"x"},
                 {"op":"add","path":"/spec/list/1","value":9},
                 {"op":"add","path":"/spec/list/-","value":4},
                 {"op":"remove","path":"/spec/list/0"},
                 {"op":"replace","path":"/metadata/annotations/a~1b","value":"one"},
                 {"op":"copy","from":"/metadata/annotations/t~0x","path":"/metadata/labels"},
                 {"op":"move","from":"/metadata/annotations/t~0x","path":"/metadata/moved"}]"""));
        assertThat(r.at("/spec/list").toString()).isEqualTo("[9,2,3,4]");
        assertThat(r.at("/metadata/annotations").toString()).isEqualTo("{\"a/b\":\"one\"}");
        assertThat(r.at("/metadata/labels").asString()).isEqualTo("2");
        assertThat(r.at("/metadata/moved").asString()).isEqualTo("2");
        assertThat(DOC.at("/spec/list")).hasSize(3);
    }

    @Test
    void failedTestIs422AndMalformedIs400() {
        assertThatThrownBy(() -> JsonPatch.apply(DOC, Json.parse("[{\"op\":\"test\",\"path\":\"/metadata/name\",\"value\":\"y\"}]")))
                .isInstanceOf(PatchException.class).satisfies(e -> assertThat(status(e)).isEqualTo(422));
        assertThatThrownBy(() -> JsonPatch.apply(DOC, Json.parse("[{\"op\":\"remove\",\"path\":\"/nope/x\"}]")))
                .satisfies(e -> assertThat(status(e)).isEqualTo(422));
        assertThatThrownBy(() -> JsonPatch.apply(DOC, Json.parse("[{\"op\":\"frobnicate\",\"path\":\"/a\"}]")))
                .satisfies(e -> assertThat(status(e)).isEqualTo(400));
        assertThatThrownBy(() -> JsonPatch.apply(DOC, Json.parse("{\"op\":\"add\"}")))
                .satisfies(e -> assertThat(status(e)).isEqualTo(400));
        assertThatThrownBy(() -> JsonPatch.apply(DOC, Json.parse("[{\"op\":\"add\",\"path\":\"/x\"}]")))
                .satisfies(e -> assertThat(status(e)).isEqualTo(400));
    }

    @Test
    void mergePatch() {
        ObjectNode r = JsonMergePatch.apply(DOC, Json.parse("""
                {"metadata":{"annotations":{"a/b":null,"n":"v"}},"spec":{"list":[7]},"status":{"x":{"y":null,"z":1}}}"""));
        assertThat(r.at("/metadata/annotations").toString()).isEqualTo("{\"t~x\":\"2\",\"n\":\"v\"}");
        assertThat(r.at("/spec/list").toString()).isEqualTo("[7]");
        assertThat(r.at("/status").toString()).isEqualTo("{\"x\":{\"z\":1}}");
        assertThatThrownBy(() -> JsonMergePatch.apply(DOC, Json.parse("[1]")))
                .satisfies(e -> assertThat(status(e)).isEqualTo(400));
    }
}
