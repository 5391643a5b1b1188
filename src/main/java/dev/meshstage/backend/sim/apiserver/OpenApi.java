package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.backend.sim.store.ResourceRegistry;

import java.util.List;

/** {@code /openapi/v2} and {@code /openapi/v3[/…]}. */
final class OpenApi {

    private final ResourceRegistry registry;

    OpenApi(ResourceRegistry registry) {
        this.registry = registry;
    }

    ApiResponse serve(List<String> rest, ApiRequest req) {
        return RestHandler.notFound();
    }
}
