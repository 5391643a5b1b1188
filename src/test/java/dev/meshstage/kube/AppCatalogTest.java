package dev.meshstage.kube;

import dev.meshstage.error.BackendException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppCatalogTest {

    private static final AppCatalog CATALOG = catalog();

    private static AppCatalog catalog() {
        Kustomize kustomize = new Kustomize();
        Map<String, List<ObjectNode>> rendered = new LinkedHashMap<>();
        rendered.put("cluster1", kustomize.render(Path.of("sample-app")));
        rendered.put("cluster2", kustomize.render(Path.of("sample-app/cluster2-manifests")));
        return new AppCatalog(rendered);
    }

    @Test
    void listsEveryServiceWhereItRuns() {
        assertThat(CATALOG.services().stream().map(s -> s.cluster() + "/" + s.name() + " " + s.workloadKind()).toList())
                .containsExactly("cluster1/auth Deployment", "cluster1/cart Deployment", "cluster1/frontend Deployment",
                        "cluster1/notification Deployment", "cluster1/order Deployment",
                        "cluster1/postgres StatefulSet", "cluster1/rabbitmq StatefulSet", "cluster1/redis StatefulSet",
                        "cluster2/product Deployment");
        AppCatalog.AppService product = CATALOG.service("cluster2", "product").orElseThrow();
        assertThat(product.images()).containsExactly("sayedimran/simple-buy-product:v1.0.0");
        assertThat(product.ports()).containsExactly(new AppCatalog.Port("http", 8082), new AppCatalog.Port("grpc", 9082));
        assertThat(CATALOG.service("cluster1", "product")).isEmpty();
    }

    @Test
    void callsComeFromTheSettings() {
        assertThat(CATALOG.service("cluster1", "cart").orElseThrow().calls())
                .containsExactly("postgres", "redis", "rabbitmq", "product");
        assertThat(CATALOG.service("cluster1", "order").orElseThrow().calls())
                .containsExactly("postgres", "rabbitmq", "product", "cart");
        assertThat(CATALOG.service("cluster1", "frontend").orElseThrow().calls())
                .as("NEXT_PUBLIC_API_URL is localhost, read by the browser").isEmpty();
        assertThat(CATALOG.service("cluster2", "product").orElseThrow().calls()).containsExactly("postgres", "rabbitmq");
    }

    @Test
    void productInCluster2NeedsItsNamespaceSettingsAndTheStubs() {
        assertThat(ids(CATALOG.dependencies("cluster2", "product"))).containsExactly("Namespace simple-buy",
                "ConfigMap simple-buy-config", "Secret simple-buy-secrets", "Service postgres", "Service rabbitmq");
        assertThat(ids(CATALOG.manifests("cluster2", "product"))).containsExactly("Namespace simple-buy",
                "ConfigMap simple-buy-config", "Secret simple-buy-secrets", "Service postgres", "Service product",
                "Service rabbitmq", "Deployment product");
    }

    @Test
    void cartNeedsTheServicesItCallsIncludingProductsPodlessService() {
        assertThat(ids(CATALOG.dependencies("cluster1", "cart"))).containsExactly("Namespace simple-buy",
                "ConfigMap simple-buy-config", "Secret simple-buy-secrets", "Service postgres", "Service product",
                "Service rabbitmq", "Service redis");
    }

    @Test
    void postgresNeedsItsInitScriptsAndClaim() {
        assertThat(ids(CATALOG.dependencies("cluster1", "postgres"))).containsExactly("Namespace simple-buy",
                "ConfigMap postgres-init-scripts", "ConfigMap simple-buy-config", "Secret simple-buy-secrets",
                "PersistentVolumeClaim postgres-pvc");
    }

    @Test
    void unknownServiceOrClusterIsAOneLineError() {
        assertThatThrownBy(() -> CATALOG.dependencies("cluster1", "product")).isInstanceOf(BackendException.class)
                .hasMessage("no workload named product in cluster1's manifests; it has auth, cart, frontend, notification,"
                        + " order, postgres, rabbitmq, redis");
        assertThatThrownBy(() -> CATALOG.manifests("cluster3", "product"))
                .hasMessage("no manifests for cluster cluster3; known: cluster1, cluster2");
    }

    private static List<String> ids(List<ObjectNode> objects) {
        return objects.stream().map(o -> o.path("kind").asString() + " " + o.at("/metadata/name").asString()).toList();
    }
}
