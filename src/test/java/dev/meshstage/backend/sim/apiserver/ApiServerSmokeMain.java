package dev.meshstage.backend.sim.apiserver;

import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.List;

/** Manual: starts one server on 127.0.0.1:16443 and writes /tmp/simkube/kubeconfig-smoke. */
public final class ApiServerSmokeMain {
    public static void main(String[] args) throws Exception {
        Vertx vertx = ApiServer.newVertx();
        ApiServerFixture c = new ApiServerFixture(vertx, Path.of("/tmp/simkube"), "smoke", 16443,
                (ns, pod, container, previous, ts) -> List.of("line one", "line two", "line three"));
        System.out.println("up on " + c.server.url() + " kubeconfig " + c.kubeconfig);
        Thread.sleep(Long.parseLong(args.length > 0 ? args[0] : "600000"));
        c.close();
        vertx.close();
    }
}
