package dev.meshstage.step;

import dev.meshstage.backend.sim.SimBackend;
import dev.meshstage.backend.sim.controller.TestLoadBalancer;
import dev.meshstage.command.EmbeddedShell;
import dev.meshstage.session.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class MeshFlowIT {

    @TempDir
    Path home;

    @Test
    void installAndLinkTwice() {
        try (EmbeddedShell shell = EmbeddedShell.start("sim", Path.of("").toAbsolutePath(), home)) {
            System.out.println(shell.run("cluster create --all").lines());
            System.out.println(shell.run("mesh install").lines());
            SimBackend sim = (SimBackend) shell.bean(Session.class).backend();
            sim.cluster("cluster1").runtime().register(new TestLoadBalancer("172.18.255.", 1));
            sim.cluster("cluster2").runtime().register(new TestLoadBalancer("172.18.255.", 101));
            sim.cluster("cluster1").settle();
            sim.cluster("cluster2").settle();
            shell.run("mesh install");
            shell.run("mesh link");
            var c2 = shell.bean(Session.class).client("cluster1");
            System.out.println("BEFORE " + io.fabric8.kubernetes.client.utils.Serialization.asYaml(c2.secrets().inNamespace("istio-system").withName("istio-remote-secret-cluster2").get()));
            shell.run("mesh link");
            System.out.println("AFTER " + io.fabric8.kubernetes.client.utils.Serialization.asYaml(c2.secrets().inNamespace("istio-system").withName("istio-remote-secret-cluster2").get()));
            for (String cmd : new String[] {}) {
                var r = shell.run(cmd);
                System.out.println("> " + cmd + "\n" + String.join("\n", r.lines()));
            }
        }
    }
}
