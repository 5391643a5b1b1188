package dev.meshstage.kube;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The rendered Simple Buy has what the workshop reference says, minus the original's defects. */
class SampleAppTest {

    private static final List<ObjectNode> CLUSTER1 = new Kustomize().render(Path.of("sample-app"));
    private static final List<ObjectNode> CLUSTER2 = new Kustomize().render(Path.of("sample-app/cluster2-manifests"));
    private static final List<ObjectNode> PRODUCT_LOCAL = new Kustomize().render(Path.of("sample-app/product-local"));

    @Test
    void cluster1HasTheReferenceObjectsButNoProductDeployment() {
        // the reference's rendering minus product's Deployment: 9 Services, 5 (not 6) Deployments
        assertThat(countByKind(CLUSTER1)).isEqualTo(new TreeMap<>(Map.of("Namespace", 1L, "ConfigMap", 2L, "Secret", 1L,
                "PersistentVolumeClaim", 1L, "StatefulSet", 3L, "Deployment", 5L, "Service", 9L, "Gateway", 1L,
                "VirtualService", 1L)));
        assertThat(names(CLUSTER1, "Service")).containsExactlyInAnyOrder("postgres", "redis", "rabbitmq", "auth",
                "product", "cart", "order", "notification", "frontend");
        assertThat(names(CLUSTER1, "Deployment")).containsExactlyInAnyOrder("auth", "cart", "order", "notification", "frontend");
        assertThat(names(CLUSTER1, "StatefulSet")).containsExactlyInAnyOrder("postgres", "redis", "rabbitmq");
        assertThat(names(PRODUCT_LOCAL, "Deployment")).containsExactly("product");
        assertThat(PRODUCT_LOCAL).hasSize(1);
    }

    @Test
    void onlyRedisIsHeadless() {
        List<String> headless = CLUSTER1.stream().filter(o -> kind(o).equals("Service"))
                .filter(o -> o.at("/spec/clusterIP").asString().equals("None")).map(SampleAppTest::name).toList();
        assertThat(headless).containsExactly("redis");
        assertThat(CLUSTER2.stream().filter(o -> o.at("/spec/clusterIP").asString().equals("None"))).isEmpty();
    }

    @Test
    void imagesAreTheIntendedOnesAndNeverPulledNeedlessly() {
        Map<String, String> images = CLUSTER1.stream().filter(o -> o.has("spec") && o.at("/spec/template").isObject())
                .collect(Collectors.toMap(SampleAppTest::name, o -> o.at("/spec/template/spec/containers/0/image").asString()));
        assertThat(images).containsOnly(
                Map.entry("postgres", "postgres:16-alpine"), Map.entry("redis", "redis:7-alpine"),
                Map.entry("rabbitmq", "rabbitmq:3-management-alpine"),
                Map.entry("auth", "sayedimran/simple-buy-auth:v1.0.0"), Map.entry("cart", "sayedimran/simple-buy-cart:v1.0.0"),
                Map.entry("order", "sayedimran/simple-buy-order:v1.0.0"),
                Map.entry("notification", "sayedimran/simple-buy-notification:v1.0.0"),
                Map.entry("frontend", "sayedimran/simple-buy-frontend:v1.0.1"));
        assertThat(workload(CLUSTER2, "Deployment", "product").at("/spec/template/spec/containers/0/image").asString())
                .isEqualTo("sayedimran/simple-buy-product:v1.0.0");
        for (List<ObjectNode> cluster : List.of(CLUSTER1, CLUSTER2, PRODUCT_LOCAL)) {
            cluster.stream().filter(o -> o.at("/spec/template").isObject())
                    .forEach(o -> assertThat(o.at("/spec/template/spec/containers/0/imagePullPolicy").asString())
                            .as(name(o)).isEqualTo("IfNotPresent"));
        }
    }

    @Test
    void kustomizeLabelsAreInEverySelector() {
        for (ObjectNode deployment : of(CLUSTER1, "Deployment")) {
            assertThat(deployment.at("/spec/selector/matchLabels/app.kubernetes.io~1part-of").asString()).isEqualTo("simple-buy");
            assertThat(deployment.at("/spec/template/metadata/labels/app.kubernetes.io~1managed-by").asString()).isEqualTo("kustomize");
        }
        assertThat(workload(CLUSTER1, "Service", "product").at("/spec/selector")).isEqualTo(
                workload(PRODUCT_LOCAL, "Deployment", "product").at("/spec/template/metadata/labels"));
        assertThat(workload(CLUSTER1, "Deployment", "frontend").at("/spec/template/metadata/labels/version").asString()).isEqualTo("v1");
    }

    @Test
    void routesAreInTheReferenceOrderWithFqdnHostsAndNoRetriesForEvents() {
        JsonNode routes = workload(CLUSTER1, "VirtualService", "simple-buy-routes").at("/spec/http");
        List<String> table = routes.valueStream().map(r -> r.at("/match/0/uri/prefix").asString() + " -> "
                + r.at("/route/0/destination/host").asString() + ":" + r.at("/route/0/destination/port/number").asInt()
                + " retries " + r.at("/retries/attempts").asInt()).toList();
        assertThat(table).containsExactly(
                "/api/auth/ -> auth.simple-buy.svc.cluster.local:8081 retries 3",
                "/api/products -> product.simple-buy.svc.cluster.local:8082 retries 3",
                "/api/categories -> product.simple-buy.svc.cluster.local:8082 retries 3",
                "/api/cart -> cart.simple-buy.svc.cluster.local:8083 retries 3",
                "/api/orders -> order.simple-buy.svc.cluster.local:8084 retries 3",
                "/api/notifications -> notification.simple-buy.svc.cluster.local:8085 retries 0",
                "/ -> frontend.simple-buy.svc.cluster.local:3000 retries 3");
        assertThat(routes.get(0).at("/retries/retryOn").asString()).isEqualTo("5xx,reset,connect-failure,refused-stream");
        assertThat(routes.get(0).at("/retries/perTryTimeout").asString()).isEqualTo("10s");
    }

    @Test
    void cluster2HasItsInjectedNamespaceTheStubsAndQualifiedHosts() {
        assertThat(CLUSTER2.stream().map(o -> kind(o) + " " + name(o)).toList()).containsExactly(
                "Namespace simple-buy", "ConfigMap simple-buy-config", "Secret simple-buy-secrets",
                "Service postgres", "Service product", "Service rabbitmq", "Deployment product");
        assertThat(workload(CLUSTER2, "Namespace", "simple-buy").at("/metadata/labels/istio-injection").asString())
                .isEqualTo("enabled");
        assertThat(workload(CLUSTER2, "Service", "rabbitmq").at("/spec/ports").valueStream()
                .map(p -> p.path("port").asInt()).toList()).containsExactly(5672, 15672);
        assertThat(workload(CLUSTER2, "Service", "postgres").at("/spec/selector/app").asString()).isEqualTo("postgres");
        JsonNode settings = workload(CLUSTER2, "ConfigMap", "simple-buy-config").path("data");
        assertThat(settings.path("RABBITMQ_URL").asString()).isEqualTo("amqp://guest:guest@rabbitmq.simple-buy:5672/");
        assertThat(settings.path("PRODUCT_GRPC_URL").asString()).isEqualTo("product.simple-buy:9082");
        assertThat(workload(CLUSTER2, "Secret", "simple-buy-secrets").path("stringData"))
                .isEqualTo(workload(CLUSTER1, "Secret", "simple-buy-secrets").path("stringData"));
    }

    @Test
    void bothProductDeploymentsAreTheSame() {
        // two copies (kustomize will not share a file between the two roots); this keeps them from drifting
        assertThat(workload(PRODUCT_LOCAL, "Deployment", "product").path("spec"))
                .isEqualTo(workload(CLUSTER2, "Deployment", "product").path("spec"));
    }

    private static Map<String, Long> countByKind(List<ObjectNode> objects) {
        return objects.stream().collect(Collectors.groupingBy(SampleAppTest::kind, TreeMap::new, Collectors.counting()));
    }

    private static List<ObjectNode> of(List<ObjectNode> objects, String kind) {
        return objects.stream().filter(o -> kind(o).equals(kind)).toList();
    }

    private static List<String> names(List<ObjectNode> objects, String kind) {
        return of(objects, kind).stream().map(SampleAppTest::name).toList();
    }

    private static ObjectNode workload(List<ObjectNode> objects, String kind, String name) {
        return of(objects, kind).stream().filter(o -> name(o).equals(name)).findFirst().orElseThrow();
    }

    private static String kind(JsonNode object) {
        return object.path("kind").asString();
    }

    private static String name(JsonNode object) {
        return object.at("/metadata/name").asString();
    }
}
