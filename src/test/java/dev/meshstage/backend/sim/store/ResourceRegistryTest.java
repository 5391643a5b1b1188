package dev.meshstage.backend.sim.store;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The served kinds and their lookups, as CRDs come and go. */
class ResourceRegistryTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Istio's Gateway CRD as the workshop installs it: v1 (storage), v1beta1 and an unserved v1alpha3. */
    private static JsonNode gatewayCrd() {
        return JSON.readTree("""
                {"metadata":{"name":"gateways.networking.istio.io"},
                 "spec":{"group":"networking.istio.io","scope":"Namespaced",
                  "names":{"kind":"Gateway","plural":"gateways","singular":"gateway","shortNames":["gw"]},
                  "versions":[{"name":"v1alpha3","served":false},
                              {"name":"v1beta1","served":true,"storage":false},
                              {"name":"v1","served":true,"storage":true,"subresources":{"status":{}}}]}}""");
    }

    @Test
    void builtInKindsAreFoundByKindPathAndGroupResource() {
        ResourceRegistry r = new ResourceRegistry();
        assertThat(r.byKind("v1", "Pod")).get().extracting(ResourceType::plural).isEqualTo("pods");
        assertThat(r.byKind("apps/v1", "Deployment")).get().extracting(ResourceType::plural).isEqualTo("deployments");
        assertThat(r.byKind("v1", "Deployment")).isEmpty(); // the kind under another apiVersion is not it
        assertThat(r.byPath("", "v1", "services")).get().extracting(ResourceType::kind).isEqualTo("Service");
        assertThat(r.byPath("apps", "v1", "services")).isEmpty();
        assertThat(r.byGroupResource("deployments.apps")).get().extracting(ResourceType::kind).isEqualTo("Deployment");
        assertThat(r.byGroupResource("pods")).get().extracting(ResourceType::apiVersion).isEqualTo("v1");
        assertThatThrownBy(() -> r.require("networking.istio.io/v1", "Gateway")).isInstanceOf(StoreException.class)
                .hasMessageContaining("kind Gateway in networking.istio.io/v1");
    }

    @Test
    void aCrdsServedVersionsAppearAndGoWithIt() {
        ResourceRegistry r = new ResourceRegistry();
        int before = r.all().size();
        int[] changes = {0};
        r.onChange(() -> changes[0]++);
        r.registerCrd(gatewayCrd());
        assertThat(changes[0]).isEqualTo(1);
        assertThat(r.all()).hasSize(before + 2);
        assertThat(r.require("networking.istio.io/v1", "Gateway").statusSubresource()).isTrue();
        assertThat(r.byKind("networking.istio.io/v1beta1", "Gateway")).isPresent();
        assertThat(r.byKind("networking.istio.io/v1alpha3", "Gateway")).as("not served").isEmpty();
        assertThat(r.byGroupResource("gateways.networking.istio.io")).get().extracting(ResourceType::version).isEqualTo("v1");
        assertThat(r.byPath("networking.istio.io", "v1beta1", "gateways")).isPresent();
        assertThat(r.builtin(r.require("networking.istio.io/v1", "Gateway"))).isFalse();
        assertThat(r.builtin(r.require("v1", "Pod"))).isTrue();

        r.registerCrd(gatewayCrd()); // refreshed, not doubled
        assertThat(r.all()).hasSize(before + 2);

        r.unregisterCrd("gateways.networking.istio.io");
        assertThat(changes[0]).isEqualTo(3);
        assertThat(r.all()).hasSize(before);
        assertThat(r.byKind("networking.istio.io/v1", "Gateway")).isEmpty();
        assertThat(r.byGroupResource("gateways.networking.istio.io")).isEmpty();
    }
}
