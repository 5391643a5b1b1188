package dev.meshstage.cli;

import dev.meshstage.backend.kind.StandinTools;
import dev.meshstage.command.EmbeddedShell;
import dev.meshstage.support.MeshstageProcess;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cluster attach} through the real jar: the "existing clusters" are a second meshstage home's simulated
 * clusters (real API servers, made from a copy of the workshop whose clusters are called lab1 and lab2), attached
 * from a first home on the repository's workshop. The stand-in istioctl records each call and answers istiod's
 * view; since it installs nothing, the second home's own {@code mesh install} then puts Istio there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AttachIT {

    private Path tmp;
    private EmbeddedShell existing;
    private Path existingKubeconfig;
    private StandinTools tools;
    private Path home;

    @BeforeAll
    void existingClusters(@TempDir Path dir) throws Exception {
        tmp = dir;
        Path labs = labWorkshop(tmp.resolve("labs"));
        existing = EmbeddedShell.start("sim", labs, tmp.resolve("existing-home"));
        // not meshed yet: the first home's mesh install goes first, through istioctl
        // lab1 with a load balancer of its own, lab2 without one: the first home gives it a pool
        for (String c : List.of("cluster create --all", "lb install --cluster lab1")) {
            assertThat(existing.run(c).ok()).as(c).isTrue();
        }
        existingKubeconfig = tmp.resolve("existing-home").resolve("kubeconfig");
        tools = StandinTools.install(tmp.resolve("tools"), List.of("istioctl"));
        for (String[] pair : new String[][] {{"lab1", "lab2"}, {"lab2", "lab1"}}) {
            Files.writeString(tools.state.resolve("remote-clusters-kind-" + pair[0]),
                    "NAME     SECRET                                    STATUS      ISTIOD\n"
                            + pair[0] + "                                              synced      istiod-7b74b9d8f-x2x9q\n"
                            + pair[1] + "     istio-system/istio-remote-secret-" + pair[1] + "     synced      istiod-7b74b9d8f-x2x9q\n");
        }
        home = tmp.resolve("home");
    }

    /** The repository's configs with cluster1 → lab1 and cluster2 → lab2, in file names and contents. */
    private static Path labWorkshop(Path target) throws IOException {
        Path source = Path.of("configs").toAbsolutePath();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String relative = source.relativize(file).toString().replace("cluster1", "lab1").replace("cluster2", "lab2");
                Path copy = target.resolve("configs").resolve(relative);
                Files.createDirectories(copy.getParent());
                Files.writeString(copy, Files.readString(file).replace("cluster1", "lab1").replace("cluster2", "lab2"));
            }
        }
        return target;
    }

    @AfterAll
    void close() throws Exception {
        MeshstageProcess.stopServer(home);
        if (existing != null) {
            existing.close();
        }
    }

    private MeshstageProcess.Result meshstage(String... command) throws Exception {
        return MeshstageProcess.run(home, Path.of("").toAbsolutePath(), tools.environment(), command);
    }

    private String attachedFile() throws IOException {
        Path file = home.resolve("attached.json");
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static void assertOneLineRefusal(MeshstageProcess.Result r, String... fragments) {
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isNotZero();
        assertThat(r.stderr().strip()).as(r.stderr()).doesNotContain("\n").doesNotContain("Exception").startsWith("error: ");
        for (String fragment : fragments) {
            assertThat(r.stderr()).contains(fragment);
        }
    }

    @Test
    @Order(1)
    void badAttachesSayWhatIsWrongInOneLineAndSaveNothing() throws Exception {
        String kubeconfig = existingKubeconfig.toString();
        assertOneLineRefusal(meshstage("cluster", "attach", "lab1", "--context", "kind-lab9", "--kubeconfig", kubeconfig),
                "context 'kind-lab9' is not in " + kubeconfig, "did you mean", "kind-lab1, kind-lab2");
        assertOneLineRefusal(meshstage("cluster", "attach", "cluster1", "--context", "kind-lab1", "--kubeconfig", kubeconfig),
                "'cluster1' is a cluster of the workshop (configs/kind/cluster1-config.yaml)");
        assertOneLineRefusal(meshstage("cluster", "attach", "Lab_1", "--context", "kind-lab1", "--kubeconfig", kubeconfig),
                "cluster name 'Lab_1' must be lower-case letters, digits and '-'");
        assertOneLineRefusal(meshstage("cluster", "attach", "lab1", "--kubeconfig", kubeconfig), "--context CTX");
        assertOneLineRefusal(meshstage("cluster", "attach", "lab1", "--context", "kind-lab1", "--kubeconfig",
                tmp.resolve("nowhere.yaml").toString()), "cannot read the kubeconfig " + tmp.resolve("nowhere.yaml"));
        // the same context at a port nothing listens on: the API does not answer
        Path stale = tmp.resolve("stale-kubeconfig");
        Files.writeString(stale, Files.readString(existingKubeconfig).replaceAll("https://127\\.0\\.0\\.1:\\d+", "https://127.0.0.1:1"));
        assertOneLineRefusal(meshstage("cluster", "attach", "lab1", "--context", "kind-lab1", "--kubeconfig", stale.toString()),
                "cannot reach the API of context kind-lab1 at https://127.0.0.1:1", "nothing was attached");
        assertThat(attachedFile()).isEmpty();
    }

    @Test
    @Order(2)
    void attachedClustersAreSavedInTheHomeAndListedWithTheirOrigin() throws Exception {
        var first = meshstage("cluster", "attach", "lab1", "--context", "kind-lab1", "--kubeconfig", existingKubeconfig.toString(),
                "--network", "network1");
        assertThat(first.exitCode()).as(first.stdout() + first.stderr()).isZero();
        assertThat(first.stdout()).contains("lab1: attached (context kind-lab1 in " + existingKubeconfig + ", API https://127.0.0.1:")
                .contains("  network network1\n");
        assertOneLineRefusal(meshstage("cluster", "attach", "lab2", "--context", "kind-lab2", "--kubeconfig", existingKubeconfig.toString(),
                "--network", "network1"), "network 'network1' is lab1's already");
        var second = meshstage("cluster", "attach", "lab2", "--context", "kind-lab2", "--kubeconfig", existingKubeconfig.toString(),
                "--network", "network2");
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(Files.getPosixFilePermissions(home.resolve("attached.json"))).hasSize(2); // rw for the owner only

        String saved = attachedFile();
        assertOneLineRefusal(meshstage("cluster", "attach", "lab2", "--context", "kind-lab2", "--kubeconfig", existingKubeconfig.toString()),
                "'lab2' is already attached (context kind-lab2");
        assertThat(attachedFile()).isEqualTo(saved);

        var list = meshstage("cluster", "list");
        assertThat(list.stdout()).containsPattern("NAME +CONTEXT +EXISTS +NODES +NETWORK +ORIGIN")
                .containsPattern("lab1 +kind-lab1 +yes +- +network1 +attached")
                .containsPattern("lab2 +kind-lab2 +yes +- +network2 +attached")
                .doesNotContain("cluster1");
    }

    @Test
    @Order(3)
    void lbInstallLeavesTheLoadBalancerTheClusterHasAndGivesMetalLbThePoolTheUserNames() throws Exception {
        var lb = meshstage("lb", "install");
        assertOneLineRefusal(lb, "lb install failed for lab2: attached, with nothing that gives LoadBalancer Services an address",
                "'lb install --cluster lab2 --pool a.b.c.d-e.f.g.h'");
        assertThat(lb.stdout()).contains("lab1: skipped: MetalLB is installed (metallb-system/controller)");

        String node;
        try (KubernetesClient lab2 = client("kind-lab2")) {
            node = lab2.nodes().withName("lab2-control-plane").get().getStatus().getAddresses().stream()
                    .filter(a -> a.getType().equals("InternalIP")).findFirst().orElseThrow().getAddress();
        }
        String next = node.substring(0, node.lastIndexOf('.') + 1) + (Integer.parseInt(node.substring(node.lastIndexOf('.') + 1)) + 1);
        assertOneLineRefusal(meshstage("lb", "install", "--cluster", "lab2", "--pool", "172.18.255.0/33"),
                "--pool 172.18.255.0/33: ", "prefix length 33", "give a range a.b.c.d-e.f.g.h or a CIDR a.b.c.d/n");
        assertOneLineRefusal(meshstage("lb", "install", "--cluster", "lab2", "--pool", node + "-" + next),
                "holds " + node + ", the address of node lab2-control-plane");
        assertOneLineRefusal(meshstage("lb", "install", "--cluster", "lab2", "--pool", "127.0.0.0/28"), "reaches into loopback");
        // lab1's MetalLB is meshstage's too, so both would take the one pool
        assertOneLineRefusal(meshstage("lb", "install", "--pool", "172.18.255.101-172.18.255.200"),
                "--pool is one cluster's addresses, and lab1, lab2 would all take it: name one with --cluster NAME");
        try (KubernetesClient lab2 = client("kind-lab2")) {
            assertThat(lab2.namespaces().withName("metallb-system").get()).as("nothing applied").isNull();
        }

        // the range the existing clusters' own home would have fitted for lab2 (data here: no traffic goes there)
        var pool = meshstage("lb", "install", "--cluster", "lab2", "--pool", "172.18.255.101-172.18.255.200");
        assertThat(pool.exitCode()).as(pool.stdout() + pool.stderr()).isZero();
        assertThat(pool.stdout()).contains("lab2: MetalLB v0.14.9 installed").contains("speakers ready on 3 nodes")
                .contains("pool default-pool 172.18.255.101-172.18.255.200");
        try (KubernetesClient lab2 = client("kind-lab2")) {
            var applied = lab2.genericKubernetesResources("metallb.io/v1beta1", "IPAddressPool").inNamespace("metallb-system")
                    .withName("default-pool").get();
            assertThat(applied.getAdditionalProperties().get("spec").toString()).contains("172.18.255.101-172.18.255.200");
        }
        var again = meshstage("lb", "install", "--cluster", "lab2", "--pool", "172.18.255.101-172.18.255.200");
        assertThat(again.stdout()).as(again.stderr()).contains("lab2: already installed: pool default-pool 172.18.255.101-172.18.255.200");
        var plain = meshstage("lb", "install");
        assertThat(plain.exitCode()).as(plain.stdout() + plain.stderr()).isZero();
        assertThat(plain.stdout()).contains("lab2: skipped: MetalLB is installed");
    }

    @Test
    @Order(4)
    void meshInstallRunsIstioctlAgainstTheContextWithFilesMadeForTheAttachedCluster() throws Exception {
        var install = meshstage("mesh", "install");
        // the stand-in installs nothing, so istiod never comes: what matters here is what istioctl was given
        assertOneLineRefusal(install, "mesh install failed for lab1, lab2");
        assertThat(install.stdout()).contains("lab1: FAILED").contains("istiod is not ready after the install");
        Path istio = home.resolve("attached/lab1/istio.yaml");
        Path eastWest = home.resolve("attached/lab2/eastwest-gateway.yaml");
        assertThat(Files.readString(tools.log))
                .contains("istioctl install -y -f " + istio + " --context kind-lab1 --kubeconfig " + existingKubeconfig)
                .contains("istioctl install -y -f " + home.resolve("attached/lab1/eastwest-gateway.yaml") + " --context kind-lab1 --kubeconfig ")
                .contains("istioctl install -y -f " + eastWest + " --context kind-lab2 --kubeconfig " + existingKubeconfig);
        assertThat(Files.readString(istio)).contains("clusterName: lab1").contains("network: network1").doesNotContain("clusterName: cluster1");
        assertThat(Files.readString(eastWest)).contains("topology.istio.io/network: network2").doesNotContain("network: network1");

        // Istio as the existing clusters' own home puts it there (its sim plays istioctl), then links them
        for (String c : List.of("mesh install", "mesh link")) {
            assertThat(existing.run(c).ok()).as(c).isTrue();
        }
        var again = meshstage("mesh", "install");
        assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
        assertThat(again.stdout()).contains("lab1: already installed").contains("lab2: already installed");
    }

    @Test
    @Order(5)
    void statusAppDeployAndDoctorWorkThroughTheApi() throws Exception {
        var status = meshstage("status", "--cluster", "lab1");
        assertThat(status.exitCode()).as(status.stderr()).isZero();
        assertThat(status.stdout()).contains("lab1 (context kind-lab1)").contains("nodes   3/3 ready").contains("network1");

        var deploy = meshstage("app", "deploy");
        assertThat(deploy.exitCode()).as(deploy.stdout() + deploy.stderr()).isZero();
        assertThat(deploy.stdout()).contains("lab1: applied sample-app/").contains("deployment.apps/cart created");
        var remote = meshstage("app", "deploy", "--cluster", "lab2", "product");
        assertThat(remote.exitCode()).as(remote.stdout() + remote.stderr()).isZero();
        assertThat(remote.stdout()).contains("lab2: applied cluster2-manifests/");
        // the existing clusters now run them, as their own kubeconfig shows
        try (KubernetesClient lab2 = client("kind-lab2")) {
            assertThat(lab2.apps().deployments().inNamespace("simple-buy").withName("product").get()).isNotNull();
        }

        var doctor = meshstage("doctor");
        assertThat(doctor.stdout()).as(doctor.stdout() + doctor.stderr())
                .contains("✔ every cluster's context answers")
                .contains("✔ every istiod has synced every remote cluster")
                .contains("✔ every pod is ready");
        assertThat(Files.readString(tools.log)).contains("istioctl remote-clusters --context kind-lab1 --kubeconfig " + existingKubeconfig);

        // trace's real request on attached clusters, as on kind: a curl from cart's container and its Envoy's endpoints,
        // by exec through the API with the kubeconfig and context lab1 was attached with
        var trace = meshstage("trace", "cart", "product");
        assertThat(trace.exitCode()).as(trace.stdout() + trace.stderr()).isZero();
        assertThat(trace.stdout()).contains("cart (lab1, pod cart-").contains("path: ok").contains("request (sent now): 200\n")
                .containsPattern("sidecar's endpoints \\(pilot-agent request GET clusters\\): 172\\.18\\.255\\.\\d+:15443 — as computed\n");
    }

    @Test
    @Order(6)
    void meshLinkRefusesALoopbackApiAddressAndCreateAndDeleteRefuseAttachedClusters() throws Exception {
        assertOneLineRefusal(meshstage("mesh", "link"), "the API address of lab1 (context kind-lab1) is https://127.0.0.1:",
                "a loopback address the other clusters' istiods cannot reach");
        assertOneLineRefusal(meshstage("cluster", "delete", "lab2"), "lab2 is attached: meshstage never deletes");
        assertOneLineRefusal(meshstage("cluster", "create", "lab1"), "lab1 is attached");
        try (KubernetesClient lab2 = client("kind-lab2")) {
            assertThat(lab2.nodes().list().getItems()).hasSize(3);
        }
    }

    @Test
    @Order(7)
    void detachLeavesTheClusterAsItIs() throws Exception {
        var detach = meshstage("cluster", "detach", "lab2");
        assertThat(detach.exitCode()).as(detach.stderr()).isZero();
        assertThat(detach.stdout()).contains("lab2: detached; the cluster (context kind-lab2) and everything in it are left as they are");
        assertOneLineRefusal(meshstage("cluster", "detach", "lab2"), "'lab2' is not attached", "the attached clusters are lab1");
        try (KubernetesClient lab2 = client("kind-lab2")) {
            assertThat(lab2.apps().deployments().inNamespace("simple-buy").withName("product").get()).isNotNull();
        }
        assertThat(meshstage("cluster", "list").stdout()).contains("lab1").doesNotContain("lab2");
        // attached again without --network (the one Istio was installed with) nor --kubeconfig: the client's $KUBECONFIG,
        // whose relative files are the client's directory's, the first file naming the context holding it
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("decoy.yaml"), Files.readString(existingKubeconfig).replace("kind-lab", "decoy-lab"));
        var env = new java.util.HashMap<>(tools.environment());
        env.put("KUBECONFIG", "decoy.yaml::" + existingKubeconfig);
        assertOneLineRefusal(MeshstageProcess.run(home, elsewhere, env, "cluster", "attach", "lab2", "--context", "kind-lab3"),
                "context 'kind-lab3' is not in $KUBECONFIG (decoy.yaml::" + existingKubeconfig + ")", "decoy-lab1, decoy-lab2, kind-lab1, kind-lab2");
        var again = MeshstageProcess.run(home, elsewhere, env, "cluster", "attach", "lab2", "--context", "kind-lab2");
        assertThat(again.stdout()).as(again.stderr()).contains("lab2: attached (context kind-lab2 in " + existingKubeconfig + ",")
                .contains("network network2 (istio-system's topology.istio.io/network label)");
        assertThat(meshstage("cluster", "detach", "lab2").exitCode()).isZero();

        assertThat(meshstage("cluster", "detach", "lab1").exitCode()).isZero();
        assertThat(home.resolve("attached.json")).doesNotExist();
        assertThat(meshstage("cluster", "list").stdout()).containsPattern("cluster1 +kind-cluster1 +no +3 +network1 +sim");
    }

    /**
     * The success path of {@code mesh link}: the existing clusters' API servers listen on 127.0.0.1, which is rightly
     * refused as a remote secret's server, so here they are named as real clusters are, by a host name
     * ({@code lab1-control-plane}, in their serving certificates) that this home's server alone resolves to them
     * (its own hosts file, {@code -Djdk.net.hosts.file}). The stand-in istioctl reports istiod's view; the secrets
     * must name each context's own API address, and a second link changes nothing.
     */
    @Test
    @Order(8)
    void meshLinkWritesEachRemoteSecretWithTheContextsOwnApiAddress() throws Exception {
        MeshstageProcess.stopServer(home);
        Path hosts = tmp.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1 lab1-control-plane lab2-control-plane\n");
        String kubeconfig = Files.readString(existingKubeconfig);
        java.util.Map<String, String> servers = new java.util.TreeMap<>();
        for (String lab : List.of("lab1", "lab2")) {
            String local = Config.fromKubeconfig("kind-" + lab, kubeconfig, existingKubeconfig.toString()).getMasterUrl().replaceAll("/+$", "");
            String named = local.replace("127.0.0.1", lab + "-control-plane");
            assertThat(kubeconfig).contains(local); // each cluster at its own port
            kubeconfig = kubeconfig.replace(local, named);
            servers.put(lab, named);
        }
        Path named = tmp.resolve("named-kubeconfig");
        Files.writeString(named, kubeconfig);
        var env = new java.util.HashMap<>(tools.environment());
        env.put("MESHSTAGE_SERVER_JAVA_OPTS", "-XX:TieredStopAtLevel=1 -Xmx256m -Dvertx.disableDnsResolver=true -Djdk.net.hosts.file=" + hosts);
        Path cwd = Path.of("").toAbsolutePath();
        for (String[] lab : new String[][] {{"lab1", "network1"}, {"lab2", "network2"}}) {
            var attach = MeshstageProcess.run(home, cwd, env, "cluster", "attach", lab[0], "--context", "kind-" + lab[0], "--kubeconfig",
                    named.toString(), "--network", lab[1]);
            assertThat(attach.exitCode()).as(attach.stdout() + attach.stderr()).isZero();
            assertThat(attach.stdout()).contains("API " + servers.get(lab[0]));
        }

        var link = MeshstageProcess.run(home, cwd, env, "mesh", "link");
        assertThat(link.exitCode()).as(link.stdout() + link.stderr()).isZero();
        assertThat(link.stdout()).contains("lab1: secret/istio-remote-secret-lab2 ").contains("istiod: lab2 synced")
                .contains("lab2: secret/istio-remote-secret-lab1 ").contains("istiod: lab1 synced");
        for (String[] pair : new String[][] {{"lab1", "lab2"}, {"lab2", "lab1"}}) {
            try (KubernetesClient c = client("kind-" + pair[0])) {
                var secret = c.secrets().inNamespace("istio-system").withName("istio-remote-secret-" + pair[1]).get();
                String config = new String(java.util.Base64.getDecoder().decode(secret.getData().get(pair[1])), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(config).contains(servers.get(pair[1])).doesNotContain("127.0.0.1");
            }
        }
        var again = MeshstageProcess.run(home, cwd, env, "mesh", "link");
        assertThat(again.stdout()).as(again.stderr()).contains("lab1: already linked").contains("lab2: already linked");
        assertThat(Files.readString(tools.log)).contains("istioctl remote-clusters --context kind-lab2 --kubeconfig " + named);
    }

    private KubernetesClient client(String context) throws IOException {
        Config config = Config.fromKubeconfig(context, Files.readString(existingKubeconfig), existingKubeconfig.toString());
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
