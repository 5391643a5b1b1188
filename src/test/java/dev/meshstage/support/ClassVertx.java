package dev.meshstage.support;

import dev.meshstage.backend.sim.apiserver.ApiServer;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.concurrent.TimeUnit;

/**
 * One Vert.x for a test class's sim API servers, made as the sim makes it and closed (waited for) after the class's
 * own {@code @AfterAll}: {@code @RegisterExtension static final ClassVertx VERTX = new ClassVertx();}.
 */
public final class ClassVertx implements BeforeAllCallback, AfterAllCallback {

    private Vertx vertx;

    @Override
    public void beforeAll(ExtensionContext context) {
        vertx = ApiServer.newVertx();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx = null;
        }
    }

    public Vertx get() {
        if (vertx == null) {
            throw new IllegalStateException("ClassVertx is used outside its test class's lifetime");
        }
        return vertx;
    }
}
