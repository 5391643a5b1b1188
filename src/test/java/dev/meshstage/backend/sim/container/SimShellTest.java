package dev.meshstage.backend.sim.container;

import dev.meshstage.backend.sim.ContainerStreams;
import dev.meshstage.backend.sim.PodLogSource;
import dev.meshstage.backend.sim.SimDataPlane;
import dev.meshstage.backend.sim.VirtualClock;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The simulated shell and its commands over a hand-built cluster (a pod, a ConfigMap, a Secret, Services and an
 * EndpointSlice in the store; no controllers): what {@code kubectl exec} prints and returns.
 */
class SimShellTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    ObjectStore store;
    SimContainers containers;
    final List<String> requests = new ArrayList<>();

    /** Answers like a pod behind the Service would, and remembers what was asked. */
    final SimDataPlane network = new SimDataPlane() {
        @Override
        public Response http(String fromCluster, String fromNamespace, String fromPod, String method, String host, int port, String path,
                String hostHeader) {
            requests.add(method + " " + host + ":" + port + path + " from " + fromNamespace + "/" + fromPod);
            if (port == 9) {
                return Response.unreachable("Connection refused");
            }
            return path.equals("/missing") ? Response.of(404, "text/plain", "not here\n") : Response.of(200, "text/plain", "hello from " + host + "\n");
        }

        @Override
        public boolean listens(String cluster, String namespace, String pod, int port) {
            return port == 8080;
        }

        @Override
        public Response pod(String cluster, String namespace, String pod, int port, String method, String path) {
            return Response.of(200, "text/plain", "pod " + pod + " " + method + " " + path + "\n");
        }

        @Override
        public Response envoyAdmin(String cluster, String namespace, String pod, String path) {
            return Response.of(200, "text/plain", "admin " + path + "\n");
        }

        @Override
        public Response istiodDebug(String cluster, String path) {
            return Response.of(404, "text/plain", "");
        }
    };

    private void create(String apiVersion, String kind, String ns, String json) {
        store.create(store.registry().require(apiVersion, kind), ns, (ObjectNode) JSON.readTree(json.replace('\'', '"')));
    }

    @BeforeEach
    void cluster() {
        store = new ObjectStore("c1", new ResourceRegistry(), VirtualClock.instant(), 7);
        create("v1", "Namespace", "", "{'metadata':{'name':'shop'}}");
        create("v1", "Namespace", "", "{'metadata':{'name':'kube-system'}}");
        create("v1", "Service", "kube-system", "{'metadata':{'name':'kube-dns'},'spec':{'clusterIP':'10.96.0.10','ports':[{'port':53,'protocol':'UDP'}]}}");
        create("v1", "ConfigMap", "shop", "{'metadata':{'name':'cfg'},'data':{'mode':'demo','app.conf':'level=debug\\n'}}");
        create("v1", "Secret", "shop", "{'metadata':{'name':'db'},'data':{'password':'c2VjcmV0'}}");
        create("v1", "Service", "shop", "{'metadata':{'name':'cart'},'spec':{'clusterIP':'10.96.3.4','ports':[{'name':'http','port':80}]}}");
        create("v1", "Service", "shop", "{'metadata':{'name':'db'},'spec':{'clusterIP':'None','ports':[{'port':5432}]}}");
        create("discovery.k8s.io/v1", "EndpointSlice", "shop", "{'metadata':{'name':'db-1','labels':{'kubernetes.io/service-name':'db'}},"
                + "'addressType':'IPv4','endpoints':[{'addresses':['10.244.1.7'],'hostname':'db-0','conditions':{'ready':true}}],'ports':[{'port':5432}]}");
        create("v1", "Pod", "shop", "{'metadata':{'name':'web-1','uid':'u1'},'spec':{'nodeName':'n1','containers':[{'name':'web','image':'busybox',"
                + "'command':['sleep','3600'],'env':[{'name':'MODE','valueFrom':{'configMapKeyRef':{'name':'cfg','key':'mode'}}},"
                + "{'name':'PASSWORD','valueFrom':{'secretKeyRef':{'name':'db','key':'password'}}},{'name':'URL','value':'http://$(MODE):80'},"
                + "{'name':'ME','valueFrom':{'fieldRef':{'fieldPath':'metadata.name'}}}],"
                + "'volumeMounts':[{'name':'cfg','mountPath':'/etc/app'}]},{'name':'istio-proxy','image':'docker.io/istio/proxyv2:1.28.3'}],"
                + "'volumes':[{'name':'cfg','configMap':{'name':'cfg'}}]},"
                + "'status':{'phase':'Running','podIP':'10.244.1.5'}}");
        containers = new SimContainers("c1", store, VirtualClock.instant(), PodLogSource.NONE, network);
    }

    record Result(int code, String out, String err) {
    }

    private Result exec(String stdin, String... argv) throws IOException {
        return execIn("web", stdin, argv);
    }

    private Result execIn(String container, String stdin, String... argv) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = containers.exec("shop", "web-1", container, List.of(argv), new ContainerStreams.ProcessIo(
                stdin == null ? null : new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out, err, false));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Result sh(String script) throws IOException {
        return exec(null, "sh", "-c", script);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", textBlock = """
            echo hello world => hello world
            echo 'single  quoted'  "double $MODE" => single  quoted double demo
            echo -n a; echo b => ab
            echo $URL => http://demo:80
            echo ${MISSING:-fallback} => fallback
            X=1; echo $X => 1
            X=1 sh -c 'echo $X'; echo [$X] => 1\\n[]
            echo $(echo inner) `echo back` => inner back
            false || echo rescued => rescued
            true && echo chained => chained
            false && echo never; echo after => after
            echo piped | cat | wc -l => 1
            printf '%s-%s\\n' a b => a-b
            cat /etc/app/mode; echo => demo
            cat /etc/hostname => web-1
            hostname => web-1
            echo $PASSWORD => secret
            echo $ME => web-1
            printenv CART_SERVICE_HOST => 10.96.3.4
            cd /etc/app && pwd => /etc/app
            echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f => one\\ntwo
            cat < /etc/app/mode; echo => demo
            ls /etc/app => app.conf\\nmode
            grep -c level /etc/app/app.conf => 1
            head -n 1 /etc/resolv.conf => search shop.svc.cluster.local svc.cluster.local cluster.local
            echo $?; false; echo $? => 0\\n1
            getent hosts cart => 10.96.3.4       cart.shop.svc.cluster.local
            getent hosts db-0.db => 10.244.1.7      db-0.db.shop.svc.cluster.local
            """)
    void scripts(String script, String expected) throws IOException {
        Result r = sh(script.strip());
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(expected.strip().replace("\\n", "\n") + "\n");
    }

    @Test
    void exitCodesAndErrorsAreTheShells() throws IOException {
        assertThat(sh("exit 3").code()).isEqualTo(3);
        assertThat(sh("echo before; exit 4; echo after")).isEqualTo(new Result(4, "before\n", ""));
        assertThat(sh("nosuch --flag")).isEqualTo(new Result(127, "", "sh: nosuch: not found\n"));
        assertThat(sh("cat /nope")).isEqualTo(new Result(1, "", "cat: can't open '/nope': No such file or directory\n"));
        assertThat(sh("echo x > /etc/app/new")).isEqualTo(new Result(1, "", "sh: can't create /etc/app/new: Read-only file system\n"));
        assertThat(sh("echo 'unterminated").code()).isEqualTo(2);
        assertThat(sh("for i in 1 2; do echo $i; done").err()).contains("not supported by the simulated shell");
        assertThat(sh("cd /nowhere").err()).isEqualTo("sh: cd: can't cd to /nowhere: No such file or directory\n");
    }

    @Test
    void aProgramThatDoesNotExistFailsLikeARuntime() {
        assertThatThrownBy(() -> exec(null, "nosuch"))
                .hasMessageContaining("exec: \"nosuch\": executable file not found in $PATH");
        assertThatThrownBy(() -> exec(null, "exit", "1")).hasMessageContaining("executable file not found");
    }

    @Test
    void stdinFeedsTheCommand() throws IOException {
        assertThat(exec("a\nb\n", "wc", "-l").out()).isEqualTo("2\n");
        assertThat(exec("echo from stdin\nexit 5\n", "sh")).isEqualTo(new Result(5, "from stdin\n", ""));
        assertThat(exec("kept\n", "sh", "-c", "cat > /tmp/in; cat /tmp/in").out()).isEqualTo("kept\n");
    }

    @Test
    void writesStayWithTheContainerInstance() throws IOException {
        sh("mkdir -p /data/x && echo v > /data/x/f");
        assertThat(sh("cat /data/x/f").out()).isEqualTo("v\n");
        assertThat(sh("rm -r /data && ls /data").err()).contains("No such file or directory");
    }

    @Test
    void envHasTheKubeletsVariablesInOrder() throws IOException {
        List<String> names = sh("env").out().lines().map(l -> l.substring(0, l.indexOf('='))).toList();
        assertThat(names).startsWith("PATH", "HOSTNAME", "MODE", "PASSWORD", "URL", "ME").contains("CART_SERVICE_HOST",
                "CART_PORT_80_TCP_ADDR").endsWith("HOME");
    }

    @Test
    void dnsAnswersWithTheSearchPath() throws IOException {
        assertThat(sh("nslookup cart").out()).contains("Server:\t\t10.96.0.10\n", "Name:\tcart.shop.svc.cluster.local\nAddress: 10.96.3.4\n");
        assertThat(sh("nslookup db").out()).contains("Name:\tdb.shop.svc.cluster.local\nAddress: 10.244.1.7\n");
        Result missing = sh("nslookup nothing");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.out()).contains("** server can't find nothing.shop.svc.cluster.local: NXDOMAIN");
    }

    @Test
    void curlAndWgetGoThroughTheDataPlane() throws IOException {
        assertThat(sh("curl -s http://cart/api").out()).isEqualTo("hello from 10.96.3.4\n");
        assertThat(requests).containsExactly("GET 10.96.3.4:80/api from shop/web-1");
        assertThat(sh("curl -s -o /dev/null -w '%{http_code}' cart/missing").out()).isEqualTo("404");
        assertThat(sh("curl -sf cart/missing")).isEqualTo(new Result(22, "", ""));
        assertThat(sh("curl -sS cart:9/")).isEqualTo(new Result(7, "",
                "curl: (7) Failed to connect to cart port 9 after 0 ms: Connection refused\n"));
        assertThat(sh("curl -s nowhere")).isEqualTo(new Result(6, "", ""));
        assertThat(sh("curl nowhere").err()).isEqualTo("curl: (6) Could not resolve host: nowhere\n");
        assertThat(sh("wget -qO- cart.shop.svc.cluster.local").out()).isEqualTo("hello from 10.96.3.4\n");
        assertThat(sh("wget -q -O - cart/missing").err()).isEqualTo("wget: server returned error: HTTP/1.1 404 Not Found\n");
        assertThat(sh("wget -q cart/page.html && cat page.html").out()).isEqualTo("hello from 10.96.3.4\n");
    }

    @Test
    void pilotAgentIsInIstiosProxyOnly() throws IOException {
        assertThat(execIn("istio-proxy", null, "pilot-agent", "request", "GET", "clusters").out()).isEqualTo("admin /clusters\n");
        assertThat(sh("pilot-agent request GET clusters").code()).isEqualTo(127);
    }

    @Test
    void tarRoundTripsAFileTree() throws IOException {
        sh("mkdir -p /src/sub && echo a > /src/a.txt && echo b > /src/sub/b.txt");
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        containers.exec("shop", "web-1", "web", List.of("tar", "cf", "-", "/src"), new ContainerStreams.ProcessIo(null, archive,
                new ByteArrayOutputStream(), false));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = containers.exec("shop", "web-1", "web", List.of("sh", "-c", "mkdir /dst && tar -xmf - -C /dst && cat /dst/src/a.txt /dst/src/sub/b.txt"),
                new ContainerStreams.ProcessIo(new ByteArrayInputStream(archive.toByteArray()), out, new ByteArrayOutputStream(), false));
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a\nb\n");
        assertThat(exec(null, "tar", "tf", "-").code()).isEqualTo(0);
    }

    @Test
    void aTerminalEchoesEditsAndPrompts() throws IOException {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        String keys = "echo hix\u007f\r" + "cd /tmp\r" + "ab\u0003" + "exit 2\r";
        int code = containers.exec("shop", "web-1", "web", List.of("sh"), new ContainerStreams.ProcessIo(
                new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)), screen, screen, true));
        assertThat(code).isEqualTo(2);
        assertThat(screen.toString(StandardCharsets.UTF_8)).isEqualTo(
                "/ # echo hix\b \b\r\nhi\r\n/ # cd /tmp\r\n/tmp # ab^C\r\n/tmp # exit 2\r\n");
    }

    @Test
    void theServiceAccountTokenIsShapedLikeOneButSignsNothing() throws IOException {
        String token = sh("cat /var/run/secrets/kubernetes.io/serviceaccount/token").out();
        assertThat(token.split("\\.")).hasSize(3);
        String claims = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(JSON.readTree(claims).path("sub").asString()).isEqualTo("system:serviceaccount:shop:default");
        assertThat(sh("cat /var/run/secrets/kubernetes.io/serviceaccount/namespace").out()).isEqualTo("shop");
    }
}
