package dev.meshstage.backend.sim;

import dev.meshstage.support.ClassVertx;
import dev.meshstage.backend.sim.apiserver.SimKubeconfig;
import dev.meshstage.support.Kubectls;
import dev.meshstage.support.Kubectls.Result;
import dev.meshstage.workshop.ClusterPlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API surface real kubectl (the oldest and the newest found) uses beyond get/apply, against one simulated
 * cluster with its controllers for the whole class: typed {@code create} (protobuf bodies from 1.32 on).
 * Each kubectl works in a namespace of its own.
 */
class KubectlApiSurfaceTest {

    @TempDir
    static Path dir;
    @RegisterExtension
    static final ClassVertx VERTX = new ClassVertx();
    static SimCluster cluster;
    static Path kubeconfig;

    @BeforeAll
    static void start() {
        List<ClusterPlan.NodePlan> nodes = List.of(new ClusterPlan.NodePlan("surface-control-plane", "control-plane", "", List.of()),
                new ClusterPlan.NodePlan("surface-worker", "worker", "", List.of()));
        ClusterPlan plan = new ClusterPlan("surface", "10.244.0.0/16", "10.96.0.0/16", nodes, List.of(), "network1", "mesh1",
                Path.of("kind.yaml"));
        cluster = SimCluster.start(plan, List.of(plan), dir.resolve("surface"), VERTX.get(), 0, line -> { });
        cluster.settle();
        kubeconfig = dir.resolve("kubeconfig");
        SimKubeconfig.write(kubeconfig, cluster.apiServer());
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    static List<String> kubectls() {
        return Kubectls.parameters();
    }

    static Result kubectl(String bin, String... args) throws Exception {
        Assumptions.assumeFalse(bin.isEmpty(), "no kubectl binary found");
        return Kubectls.run(bin, kubeconfig, dir.resolve("cache-" + Path.of(bin).getFileName()), args);
    }

    /** A namespace per kubectl version, created with {@code kubectl create namespace} itself. */
    static String namespace(String bin, String purpose) throws Exception {
        String ns = purpose + "-" + Path.of(bin).getFileName().toString().replace("kubectl.", "").replace('.', '-');
        if (kubectl(bin, "get", "ns", ns).exit() != 0) {
            assertThat(kubectl(bin, "create", "namespace", ns).ok().out()).contains("namespace/" + ns + " created");
        }
        return ns;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubectls")
    void typedCreateOfEveryKindKubectlGenerates(String bin) throws Exception {
        String ns = namespace(bin, "create");
        assertThat(kubectl(bin, "get", "ns", ns, "-o", "jsonpath={.metadata.name}").ok().out()).isEqualTo(ns);
        String[][] creates = {
                {"configmap", "cfg", "--from-literal=a=1", "--from-literal=b=two"},
                {"secret", "generic", "sec", "--from-literal=password=s3cr3t"},
                {"deployment", "web", "--image=nginx:1.27", "--replicas=2", "--port=80"},
                {"service", "clusterip", "web", "--tcp=80:8080"},
                {"service", "nodeport", "np", "--tcp=80:8080"},
                {"job", "once", "--image=busybox:1.36", "--", "echo", "hi"},
                {"cronjob", "tick", "--image=busybox:1.36", "--schedule=*/5 * * * *", "--", "date"},
                {"serviceaccount", "robot"},
                {"role", "reader", "--verb=get,list", "--resource=pods"},
                {"rolebinding", "reader", "--role=reader", "--serviceaccount=" + ns + ":robot"},
                {"poddisruptionbudget", "pdb", "--selector=app=web", "--min-available=1"},
                {"quota", "q", "--hard=pods=10,cpu=2"},
                {"priorityclass", "prio-" + ns, "--value=1000"},
                {"clusterrole", "watcher-" + ns, "--verb=watch", "--resource=services"},
                {"clusterrolebinding", "watcher-" + ns, "--clusterrole=watcher-" + ns, "--user=jane"},
                {"ingress", "ing", "--rule=shop.example/*=web:80"},
        };
        for (String[] c : creates) {
            List<String> args = new ArrayList<>(List.of("create"));
            args.addAll(List.of(c));
            if (!c[0].startsWith("cluster") && !c[0].equals("priorityclass")) {
                args.addAll(0, List.of("-n", ns));
            }
            assertThat(kubectl(bin, args.toArray(String[]::new)).ok().out()).as("kubectl create %s", String.join(" ", c)).contains("created");
        }
        assertThat(kubectl(bin, "get", "cm", "cfg", "-n", ns, "-o", "jsonpath={.data.a} {.data.b}").ok().out()).isEqualTo("1 two");
        assertThat(kubectl(bin, "get", "secret", "sec", "-n", ns, "-o", "jsonpath={.data.password}").ok().out())
                .isEqualTo("czNjcjN0");
        assertThat(kubectl(bin, "get", "deploy", "web", "-n", ns, "-o",
                "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image} {.spec.template.spec.containers[0].ports[0].containerPort}")
                .ok().out()).isEqualTo("2 nginx:1.27 80");
        assertThat(kubectl(bin, "get", "svc", "web", "-n", ns, "-o", "jsonpath={.spec.ports[0].port} {.spec.ports[0].targetPort}")
                .ok().out()).isEqualTo("80 8080");
        assertThat(kubectl(bin, "get", "job", "once", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].command}").ok().out())
                .isEqualTo("[\"echo\",\"hi\"]");
        assertThat(kubectl(bin, "get", "cronjob", "tick", "-n", ns, "-o", "jsonpath={.spec.schedule}").ok().out()).isEqualTo("*/5 * * * *");
        assertThat(kubectl(bin, "get", "role", "reader", "-n", ns, "-o", "jsonpath={.rules[0].verbs}").ok().out())
                .isEqualTo("[\"get\",\"list\"]");
        assertThat(kubectl(bin, "get", "rolebinding", "reader", "-n", ns, "-o", "jsonpath={.roleRef.kind}/{.roleRef.name} {.subjects[0].kind}")
                .ok().out()).isEqualTo("Role/reader ServiceAccount");
        assertThat(kubectl(bin, "get", "pdb", "pdb", "-n", ns, "-o", "jsonpath={.spec.minAvailable}").ok().out()).isEqualTo("1");
        assertThat(kubectl(bin, "get", "quota", "q", "-n", ns, "-o", "jsonpath={.spec.hard.cpu}").ok().out()).isEqualTo("2");
        assertThat(kubectl(bin, "get", "ingress", "ing", "-n", ns, "-o", "jsonpath={.spec.rules[0].host}").ok().out()).isEqualTo("shop.example");
        assertThat(kubectl(bin, "get", "cm", "cfg", "-n", ns, "-o", "jsonpath={.metadata.creationTimestamp}").ok().out()).isNotBlank();
    }

    private static final String STATEFUL = """
            apiVersion: v1
            kind: Service
            metadata: {name: redis}
            spec:
              clusterIP: None
              selector: {app: redis}
              ports: [{port: 6379}]
            ---
            apiVersion: apps/v1
            kind: StatefulSet
            metadata: {name: redis}
            spec:
              serviceName: redis
              replicas: 2
              selector: {matchLabels: {app: redis}}
              template:
                metadata: {labels: {app: redis}}
                spec:
                  containers:
                  - name: redis
                    image: redis:7-alpine
                    readinessProbe: {tcpSocket: {port: 6379}}
            """;

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubectls")
    void serverSideDefaultsAsKubectlShowsThem(String bin) throws Exception {
        String ns = namespace(bin, "defaults");
        assertThat(kubectl(bin, "get", "ns", ns, "-o", "jsonpath={.metadata.labels.kubernetes\\.io/metadata\\.name} {.status.phase}")
                .ok().out()).isEqualTo(ns + " Active");
        kubectl(bin, "create", "-n", ns, "deployment", "web", "--image=nginx", "--replicas=2").ok();
        assertThat(kubectl(bin, "describe", "deploy", "web", "-n", ns).ok().out())
                .containsPattern("StrategyType:\\s+RollingUpdate")
                .containsPattern("RollingUpdateStrategy:\\s+25% max unavailable, 25% max surge");
        assertThat(kubectl(bin, "get", "deploy", "web", "-n", ns, "-o",
                "jsonpath={.spec.revisionHistoryLimit} {.spec.progressDeadlineSeconds} {.spec.template.spec.containers[0].imagePullPolicy}"
                        + " {.spec.template.spec.containers[0].terminationMessagePath} {.spec.template.spec.dnsPolicy}")
                .ok().out()).isEqualTo("10 600 Always /dev/termination-log ClusterFirst");
        assertThat(kubectl(bin, "rollout", "status", "deploy/web", "-n", ns, "--timeout=60s").ok().out())
                .contains("deployment \"web\" successfully rolled out");

        kubectl(bin, "create", "-n", ns, "configmap", "plain", "--from-literal=k=v").ok();
        assertThat(kubectl(bin, "get", "cm", "plain", "-n", ns, "-o", "jsonpath={.metadata.generation}").ok().out()).isEmpty();

        Path manifest = dir.resolve("stateful-" + ns + ".yaml");
        Files.writeString(manifest, STATEFUL);
        kubectl(bin, "apply", "-n", ns, "-f", manifest.toString()).ok();
        assertThat(kubectl(bin, "get", "sts", "redis", "-n", ns, "-o",
                "jsonpath={.spec.updateStrategy.type} {.spec.podManagementPolicy} {.spec.template.spec.containers[0].readinessProbe.periodSeconds}")
                .ok().out()).isEqualTo("RollingUpdate OrderedReady 10");
        assertThat(kubectl(bin, "rollout", "status", "sts/redis", "-n", ns, "--timeout=60s").ok().out())
                .contains("partitioned roll out complete: 2 new pods have been updated");
        assertThat(kubectl(bin, "get", "pod", "redis-0", "-n", ns, "-o",
                "jsonpath={.spec.volumes[0].name} {.spec.containers[0].volumeMounts[0].mountPath} {.spec.enableServiceLinks}").ok().out())
                .matches("kube-api-access-[a-z0-9]{5} /var/run/secrets/kubernetes.io/serviceaccount true");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubectls")
    void authCanIAndWhoami(String bin) throws Exception {
        String ns = namespace(bin, "auth");
        assertThat(kubectl(bin, "auth", "can-i", "create", "pods", "-n", ns).ok().out().trim()).isEqualTo("yes");
        assertThat(kubectl(bin, "auth", "can-i", "*", "*").ok().out().trim()).isEqualTo("yes");
        String whoami = kubectl(bin, "auth", "whoami").ok().out();
        assertThat(whoami).containsPattern("Username\\s+kubernetes-admin").containsPattern("Groups\\s+\\[kubeadm:cluster-admins system:authenticated\\]");
        assertThat(kubectl(bin, "get", "clusterroles", "cluster-admin", "admin", "edit", "view", "-o", "name").ok().out().lines().toList())
                .containsExactly("clusterrole.rbac.authorization.k8s.io/cluster-admin", "clusterrole.rbac.authorization.k8s.io/admin",
                        "clusterrole.rbac.authorization.k8s.io/edit", "clusterrole.rbac.authorization.k8s.io/view");

        kubectl(bin, "create", "-n", ns, "serviceaccount", "robot").ok();
        kubectl(bin, "create", "-n", ns, "rolebinding", "robot-view", "--clusterrole=view", "--serviceaccount=" + ns + ":robot").ok();
        String robot = "system:serviceaccount:" + ns + ":robot";
        assertThat(kubectl(bin, "auth", "can-i", "list", "pods", "-n", ns, "--as", robot).ok().out().trim()).isEqualTo("yes");
        assertThat(kubectl(bin, "auth", "can-i", "get", "pods", "--subresource=log", "-n", ns, "--as", robot).ok().out().trim()).isEqualTo("yes");
        Result no = kubectl(bin, "auth", "can-i", "delete", "pods", "-n", ns, "--as", robot);
        assertThat(no.exit()).isEqualTo(1);
        assertThat(no.out().trim()).isEqualTo("no");
        assertThat(kubectl(bin, "auth", "can-i", "list", "pods", "-n", "default", "--as", robot).out().trim()).isEqualTo("no");
        assertThat(kubectl(bin, "auth", "can-i", "--list", "-n", ns, "--as", robot).ok().out())
                .containsPattern("pods\\s+\\[\\]\\s+\\[\\]\\s+\\[get list watch\\]")
                .containsPattern("selfsubjectaccessreviews.authorization.k8s.io\\s+\\[\\]\\s+\\[\\]\\s+\\[create\\]");
        assertThat(kubectl(bin, "auth", "whoami", "--as", robot).ok().out())
                .contains(robot).contains("system:serviceaccounts:" + ns);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubectls")
    void aServiceAccountTokenIsHeldToItsRoles(String bin) throws Exception {
        String ns = namespace(bin, "rbac");
        kubectl(bin, "create", "-n", ns, "serviceaccount", "viewer").ok();
        kubectl(bin, "create", "-n", ns, "rolebinding", "viewer-view", "--clusterrole=view", "--serviceaccount=" + ns + ":viewer").ok();
        kubectl(bin, "create", "-n", ns, "deployment", "web", "--image=nginx").ok();
        kubectl(bin, "create", "-n", ns, "secret", "generic", "s", "--from-literal=k=v").ok();
        String token = kubectl(bin, "create", "token", "viewer", "-n", ns).ok().out().trim();
        String user = "system:serviceaccount:" + ns + ":viewer";

        assertThat(kubectl(bin, "--token", token, "get", "deploy", "-n", ns, "-o", "name").ok().out().trim()).isEqualTo("deployment.apps/web");
        assertThat(kubectl(bin, "--token", token, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}").ok().out()).isEqualTo(user);
        Result secrets = kubectl(bin, "--token", token, "get", "secrets", "-n", ns).fails();
        assertThat(secrets.err().trim()).isEqualTo("Error from server (Forbidden): secrets is forbidden: User \"" + user
                + "\" cannot list resource \"secrets\" in API group \"\" in the namespace \"" + ns + "\"");
        assertThat(kubectl(bin, "--token", token, "delete", "deploy", "web", "-n", ns).fails().err())
                .contains("deployments.apps \"web\" is forbidden: User \"" + user + "\" cannot delete resource \"deployments\" in API group \"apps\" in the namespace \"" + ns + "\"");
        assertThat(kubectl(bin, "--token", token, "get", "nodes").fails().err())
                .contains("nodes is forbidden: User \"" + user + "\" cannot list resource \"nodes\" in API group \"\" at the cluster scope");
        assertThat(kubectl(bin, "--token", token, "scale", "deploy", "web", "-n", ns, "--replicas=3").fails().err())
                .containsPattern("cannot (patch|update) resource \"deployments/scale\" in API group \"apps\"");
        assertThat(kubectl(bin, "--token", token, "--as", "system:serviceaccount:kube-system:default", "get", "pods").fails().err())
                .contains("serviceaccounts \"default\" is forbidden: User \"" + user + "\" cannot impersonate resource \"serviceaccounts\" "
                        + "in API group \"\" in the namespace \"kube-system\"");
        assertThat(kubectl(bin, "get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}").ok().out()).as("nothing changed").isEqualTo("1");

        // the admin acting as the service account is refused alike; as itself, everything stays allowed
        assertThat(kubectl(bin, "--as", user, "get", "secrets", "-n", ns).fails().err()).contains("secrets is forbidden: User \"" + user + "\"");
        assertThat(kubectl(bin, "--as", user, "get", "pods", "-n", ns).ok().exit()).isZero();
        assertThat(kubectl(bin, "--as", "jane", "--as-group", "system:masters", "get", "nodes", "-o", "name").ok().out()).contains("node/");
        assertThat(kubectl(bin, "--as", "jane", "get", "nodes").fails().err()).contains("nodes is forbidden: User \"jane\" cannot list resource \"nodes\"");
        assertThat(kubectl(bin, "get", "secrets", "-n", ns, "-o", "name").ok().out().trim()).isEqualTo("secret/s");
        assertThat(kubectl(bin, "--token", "not-a-token", "get", "pods").fails().err()).contains("Unauthorized");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubectls")
    void eventsOfBothGroupsPrintAndWatchAlike(String bin) throws Exception {
        String ns = namespace(bin, "events");
        Assumptions.assumeFalse(bin.isEmpty());
        List<String> cmd = List.of(bin, "--kubeconfig", kubeconfig.toString(), "--cache-dir", dir.resolve("cache-watch-" + Path.of(bin).getFileName()).toString(),
                "get", "events.events.k8s.io", "-n", ns, "-w");
        Process watch = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        StringBuilder seen = new StringBuilder();
        try {
            Thread reader = new Thread(() -> {
                try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(watch.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        synchronized (seen) {
                            seen.append(line).append('\n');
                        }
                    }
                } catch (IOException ignored) {
                    // the process was stopped
                }
            });
            reader.setDaemon(true);
            reader.start();
            Thread.sleep(1500); // the watch is open before the events it should see
            kubectl(bin, "run", "-n", ns, "watched", "--image=nginx", "--restart=Never").ok();
            for (int i = 0; i < 100 && !seen.toString().contains("pod/watched"); i++) {
                Thread.sleep(100);
            }
        } finally {
            watch.destroy();
            assertThat(watch.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        String watched;
        synchronized (seen) {
            watched = seen.toString();
        }
        assertThat(watched).containsPattern("LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+MESSAGE")
                .containsPattern("Normal\\s+Scheduled\\s+pod/watched\\s+Successfully assigned " + ns + "/watched to surface-worker");
        String v1 = kubectl(bin, "get", "events.events.k8s.io", "-n", ns, "--field-selector", "regarding.name=watched").ok().out();
        String core = kubectl(bin, "get", "events", "-n", ns, "--field-selector", "involvedObject.name=watched").ok().out();
        assertThat(v1).isEqualTo(core).containsPattern("Normal\\s+Pulled\\s+pod/watched\\s+");
        assertThat(kubectl(bin, "events", "-n", ns, "--for", "pod/watched").ok().out())
                .containsPattern("LAST SEEN\\s+TYPE\\s+REASON\\s+OBJECT\\s+MESSAGE")
                .containsPattern("\\S+\\s+Normal\\s+Started\\s+Pod/watched\\s+Started container watched"); // ages from the test's fixed epoch
        assertThat(kubectl(bin, "get", "events.events.k8s.io", "-n", ns, "--field-selector", "note=x").fails().err())
                .contains("field label not supported: note");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubectls")
    void aDeletedPodTerminatesGracefullyOrByForce(String bin) throws Exception {
        String ns = namespace(bin, "grace");
        Path sleepy = dir.resolve("sleepy-" + Path.of(bin).getFileName() + ".yaml");
        Files.writeString(sleepy, """
                apiVersion: v1
                kind: Pod
                metadata: {name: sleepy}
                spec:
                  terminationGracePeriodSeconds: 120
                  containers:
                  - {name: sleepy, image: busybox, command: [sleep, "3600"]}
                """);
        kubectl(bin, "apply", "-n", ns, "-f", sleepy.toString()).ok();
        assertThat(waitFor(bin, ns, "sleepy", "{.status.phase}", "Running")).isEqualTo("Running");
        assertThat(kubectl(bin, "delete", "pod", "sleepy", "-n", ns, "--wait=false").ok().out()).contains("pod \"sleepy\" deleted");
        assertThat(kubectl(bin, "get", "pod", "sleepy", "-n", ns).ok().out()).containsPattern("sleepy\\s+0/1\\s+Terminating\\s+0\\s+");
        assertThat(kubectl(bin, "get", "pod", "sleepy", "-n", ns, "-o", "jsonpath={.metadata.deletionGracePeriodSeconds}").ok().out())
                .isEqualTo("120");
        Result forced = kubectl(bin, "delete", "pod", "sleepy", "-n", ns, "--grace-period=0", "--force").ok();
        assertThat(forced.err()).contains("Immediate deletion does not wait for confirmation that the running resource has been terminated");
        assertThat(forced.out()).contains("pod \"sleepy\" force deleted");
        assertThat(kubectl(bin, "get", "pod", "sleepy", "-n", ns).fails().err()).contains("pods \"sleepy\" not found");

        kubectl(bin, "run", "web", "-n", ns, "--image=nginx").ok();
        assertThat(waitFor(bin, ns, "web", "{.status.phase}", "Running")).isEqualTo("Running");
        assertThat(kubectl(bin, "delete", "pod", "web", "-n", ns).ok().out()).as("nginx stops on SIGTERM: the wait ends").contains("pod \"web\" deleted");
        assertThat(kubectl(bin, "get", "pod", "web", "-n", ns).fails().err()).contains("pods \"web\" not found");
        assertThat(kubectl(bin, "delete", "--raw", "/api/v1/namespaces/" + ns + "/pods/none?gracePeriodSeconds=soon").fails().err())
                .contains("gracePeriodSeconds: Invalid value: \"soon\": must be a whole number of seconds");
    }

    private static final String WIDGETS = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
              versions:
              - name: v1
                served: true
                storage: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec: {type: object, properties: {size: {type: integer}, color: {type: string}}}
                additionalPrinterColumns:
                - {name: Color, type: string, jsonPath: .spec.color}
                - {name: Size, type: integer, jsonPath: .spec.size}
                - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
            """;

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubectls")
    void tablesOfTheKindsKubectlPrints(String bin) throws Exception {
        String ns = namespace(bin, "tables");
        String v = ns.substring("tables-".length());
        kubectl(bin, "create", "-n", ns, "cronjob", "tick", "--image=busybox", "--schedule=*/5 * * * *", "--", "date").ok();
        kubectl(bin, "create", "-n", ns, "role", "reader", "--verb=get", "--resource=pods").ok();
        kubectl(bin, "create", "-n", ns, "rolebinding", "reader", "--role=reader", "--user=jane", "--serviceaccount=" + ns + ":default").ok();
        kubectl(bin, "create", "-n", ns, "deployment", "web", "--image=nginx").ok();
        kubectl(bin, "create", "-n", ns, "service", "clusterip", "web", "--tcp=80:80").ok();
        kubectl(bin, "create", "-n", ns, "poddisruptionbudget", "web", "--selector=app=web", "--min-available=1").ok();
        kubectl(bin, "create", "priorityclass", "tables-" + v, "--value=100").ok();

        assertThat(kubectl(bin, "get", "cronjobs", "-n", ns).ok().out())
                .containsPattern("NAME\\s+SCHEDULE\\s+TIMEZONE\\s+SUSPEND\\s+ACTIVE\\s+LAST SCHEDULE\\s+AGE")
                .containsPattern("tick\\s+\\*/5 \\* \\* \\* \\*\\s+<none>\\s+False\\s+0\\s+<none>");
        assertThat(kubectl(bin, "get", "roles", "-n", ns).ok().out()).containsPattern("NAME\\s+CREATED AT").containsPattern("reader\\s+20\\d\\d-");
        assertThat(kubectl(bin, "get", "rolebindings", "-n", ns, "-o", "wide").ok().out())
                .containsPattern("NAME\\s+ROLE\\s+AGE\\s+USERS\\s+GROUPS\\s+SERVICEACCOUNTS")
                .containsPattern("reader\\s+Role/reader\\s+\\S+\\s+jane\\s+" + ns + "/default");
        assertThat(kubectl(bin, "get", "clusterroles", "cluster-admin").ok().out()).containsPattern("NAME\\s+CREATED AT");
        assertThat(kubectl(bin, "get", "clusterrolebindings", "cluster-admin").ok().out())
                .containsPattern("cluster-admin\\s+ClusterRole/cluster-admin\\s+");
        assertThat(kubectl(bin, "get", "storageclass").ok().out())
                .containsPattern("NAME\\s+PROVISIONER\\s+RECLAIMPOLICY\\s+VOLUMEBINDINGMODE\\s+ALLOWVOLUMEEXPANSION\\s+AGE")
                .containsPattern("standard \\(default\\)\\s+rancher.io/local-path\\s+Delete\\s+WaitForFirstConsumer\\s+false");
        assertThat(kubectl(bin, "get", "endpointslices", "-n", "default").ok().out())
                .containsPattern("NAME\\s+ADDRESSTYPE\\s+PORTS\\s+ENDPOINTS\\s+AGE").containsPattern("kubernetes\\s+IPv4\\s+6443\\s+");
        assertThat(kubectl(bin, "get", "leases", "-n", "kube-node-lease").ok().out()).containsPattern("NAME\\s+HOLDER\\s+AGE")
                .containsPattern("surface-worker\\s+surface-worker\\s+");
        assertThat(kubectl(bin, "get", "priorityclasses").ok().out())
                .containsPattern("NAME\\s+VALUE\\s+GLOBAL-DEFAULT\\s+AGE\\s+PREEMPTIONPOLICY")
                .containsPattern("system-node-critical\\s+2000001000\\s+false");
        assertThat(kubectl(bin, "get", "pdb", "-n", ns).ok().out())
                .containsPattern("NAME\\s+MIN AVAILABLE\\s+MAX UNAVAILABLE\\s+ALLOWED DISRUPTIONS\\s+AGE").containsPattern("web\\s+1\\s+N/A\\s+0");
        assertThat(kubectl(bin, "get", "apiservices").ok().out()).containsPattern("NAME\\s+SERVICE\\s+AVAILABLE\\s+AGE");

        Path widgets = dir.resolve("widgets.yaml");
        Files.writeString(widgets, WIDGETS);
        kubectl(bin, "apply", "-f", widgets.toString()).ok();
        assertThat(kubectl(bin, "get", "crd", "widgets.example.com").ok().out()).containsPattern("NAME\\s+CREATED AT");
        Path widget = dir.resolve("widget-" + ns + ".yaml");
        Files.writeString(widget, "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1}\nspec: {color: blue, size: 3}\n");
        kubectl(bin, "apply", "-n", ns, "-f", widget.toString()).ok();
        assertThat(kubectl(bin, "get", "widgets", "-n", ns).ok().out()).containsPattern("NAME\\s+COLOR\\s+SIZE\\s+AGE")
                .containsPattern("w1\\s+blue\\s+3\\s+");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubectls")
    void chunksEventsV1AndTheBadRequestsOfARealServer(String bin) throws Exception {
        String all = kubectl(bin, "get", "pods", "-A", "-o", "name").ok().out();
        assertThat(all.lines().count()).isGreaterThan(4);
        assertThat(kubectl(bin, "get", "pods", "-A", "-o", "name", "--chunk-size=2").ok().out()).isEqualTo(all);
        String page = kubectl(bin, "get", "--raw", "/api/v1/namespaces/kube-system/pods?limit=2").ok().out();
        assertThat(page).contains("\"continue\":\"").contains("\"remainingItemCount\":");

        Result field = kubectl(bin, "get", "pods", "-n", "kube-system", "--field-selector", "spec.foo=bar");
        assertThat(field.fails().err()).contains("Error from server (BadRequest): Unable to find \"/v1, Resource=pods\" that match label selector \"\", "
                + "field selector \"spec.foo=bar\": field label not supported: spec.foo");
        assertThat(kubectl(bin, "get", "pods", "-n", "kube-system", "--field-selector", "status.phase=Running", "-o", "name").ok().out())
                .contains("pod/etcd-surface-control-plane");

        String pod = kubectl(bin, "get", "pods", "-n", "kube-system", "-l", "k8s-app=kube-dns", "-o", "jsonpath={.items[0].metadata.name}").ok().out();
        Result previous = kubectl(bin, "logs", pod, "-n", "kube-system", "--previous");
        assertThat(previous.fails().err()).contains("previous terminated container \"coredns\" in pod \"" + pod + "\" not found");

        String events = kubectl(bin, "get", "--raw", "/apis/events.k8s.io/v1/namespaces/kube-system/events").ok().out();
        assertThat(events).contains("\"regarding\":{").contains("\"note\":").contains("\"reportingController\":");
        assertThat(kubectl(bin, "get", "events.events.k8s.io", "-n", "kube-system", "-o", "name").ok().out().lines().count())
                .isEqualTo(kubectl(bin, "get", "events", "-n", "kube-system", "-o", "name").ok().out().lines().count());
    }

    static String waitFor(String bin, String ns, String pod, String jsonpath, String regex) throws Exception {
        String got = "";
        for (int i = 0; i < 100; i++) {
            got = kubectl(bin, "get", "pod", pod, "-n", ns, "-o", "jsonpath=" + jsonpath).out();
            if (got.matches(regex)) {
                return got;
            }
            Thread.sleep(100);
        }
        return got;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubectls")
    void publicImagesPullUnlessTheNetworkIsOffline(String bin) throws Exception {
        String ns = namespace(bin, "images");
        kubectl(bin, "run", "web", "-n", ns, "--image=nginx:1.27").ok();
        kubectl(bin, "run", "agnhost", "-n", ns, "--image=registry.k8s.io/e2e-test-images/agnhost:2.39", "--", "pause").ok();
        kubectl(bin, "run", "missing", "-n", ns, "--image=sayedimran/simple-buy-product:no-such-tag").ok();
        assertThat(waitFor(bin, ns, "web", "{.status.phase}", "Running")).isEqualTo("Running");
        assertThat(waitFor(bin, ns, "agnhost", "{.status.phase}", "Running")).isEqualTo("Running");
        assertThat(waitFor(bin, ns, "missing", "{.status.containerStatuses[0].state.waiting.reason}", "ImagePullBackOff|ErrImagePull"))
                .matches("ImagePullBackOff|ErrImagePull");
        assertThat(kubectl(bin, "get", "pod", "missing", "-n", ns, "-o", "jsonpath={.status.containerStatuses[0].state.waiting.message}").out())
                .contains("docker.io/sayedimran/simple-buy-product:no-such-tag: not found");

        try (var client = cluster.adminClient()) {
            assertThat(SimNetwork.set("surface", client, false).changed()).isTrue();
            assertThat(SimNetwork.set("surface", client, false).changed()).as("twice is safe").isFalse();
            String fresh = "httpd:2.4-" + ns; // a reference no node holds yet
            kubectl(bin, "run", "offline", "-n", ns, "--image=" + fresh).ok();
            kubectl(bin, "run", "local", "-n", ns, "--image=registry.k8s.io/pause:3.10.1").ok();
            assertThat(waitFor(bin, ns, "offline", "{.status.containerStatuses[0].state.waiting.reason}", "ImagePullBackOff|ErrImagePull"))
                    .matches("ImagePullBackOff|ErrImagePull");
            assertThat(kubectl(bin, "get", "events", "-n", ns, "--field-selector", "involvedObject.name=offline").ok().out())
                    .contains("dial tcp: lookup registry-1.docker.io: no such host");
            assertThat(waitFor(bin, ns, "local", "{.status.phase}", "Running")).as("a node image needs no registry").isEqualTo("Running");
        } finally {
            try (var client = cluster.adminClient()) {
                SimNetwork.set("surface", client, true);
            }
        }
        kubectl(bin, "run", "online", "-n", ns, "--image=httpd:2.4-" + ns + "-again").ok();
        assertThat(waitFor(bin, ns, "online", "{.status.phase}", "Running")).as("the network is back").isEqualTo("Running");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubectls")
    void explainReachesAnyField(String bin) throws Exception {
        assertThat(kubectl(bin, "explain", "pods.spec.containers.ports").ok().out())
                .contains("KIND:", "Pod").containsPattern("FIELD:\\s+ports\\s+<\\[\\]ContainerPort>")
                .containsPattern("containerPort\\s+<integer>").contains("protocol");
        assertThat(kubectl(bin, "explain", "deployment.spec.strategy.rollingUpdate.maxSurge").ok().out())
                .containsPattern("FIELD:\\s+maxSurge\\s+<");
        assertThat(kubectl(bin, "explain", "pods.spec.volumes.configMap.name").ok().out()).as("inlined LocalObjectReference")
                .containsPattern("FIELD:\\s+name\\s+<string>");
        assertThat(kubectl(bin, "explain", "svc.spec", "--recursive").ok().out()).contains("sessionAffinityConfig", "timeoutSeconds");
        assertThat(kubectl(bin, "explain", "cronjobs.spec.jobTemplate.spec.template.spec.containers.resources.limits").ok().out())
                .containsPattern("FIELD:\\s+limits\\s+<map\\[string\\]");
    }

    /** What kube-apiserver says of each field and type, word for word (wrapped by kubectl). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kubectls")
    void explainDescribesFieldsAsARealServer(String bin) throws Exception {
        String containers = kubectl(bin, "explain", "pod.spec.containers").ok().out().replaceAll("\\s+", " ");
        assertThat(containers).contains("List of containers belonging to the pod. Containers cannot currently be added or removed. "
                        + "There must be at least one container in a Pod. Cannot be updated.",
                "A single application container that you want to run within a pod.",
                "image <string> Container image name. More info: https://kubernetes.io/docs/concepts/containers/images");
        assertThat(containers).doesNotContain("+patchMergeKey", "+listType");
        assertThat(kubectl(bin, "explain", "deploy.spec.strategy.rollingUpdate.maxSurge").ok().out().replaceAll("\\s+", " "))
                .contains("The maximum number of pods that can be scheduled above the desired number of pods.");
        assertThat(kubectl(bin, "explain", "pods").ok().out().replaceAll("\\s+", " "))
                .contains("Pod is a collection of containers that can run on a host.")
                .contains("metadata <ObjectMeta> Standard object's metadata.");
        assertThat(kubectl(bin, "explain", "pods.metadata.labels").ok().out().replaceAll("\\s+", " "))
                .contains("Map of string keys and values that can be used to organize and categorize (scope and select) objects.");
        assertThat(kubectl(bin, "explain", "hpa.spec.minReplicas").ok().out().replaceAll("\\s+", " "))
                .contains("minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kubectls")
    void autoscaleKeepsTheTargetWithinItsBounds(String bin) throws Exception {
        String ns = namespace(bin, "hpa");
        kubectl(bin, "create", "-n", ns, "deployment", "web", "--image=nginx").ok();
        kubectl(bin, "create", "-n", ns, "deployment", "api", "--image=nginx").ok();
        kubectl(bin, "set", "resources", "-n", ns, "deployment/api", "--requests=cpu=100m").ok();
        assertThat(kubectl(bin, "autoscale", "-n", ns, "deployment", "web", "--min=2", "--max=5", "--cpu-percent=80").ok().out())
                .contains("horizontalpodautoscaler.autoscaling/web autoscaled");
        kubectl(bin, "autoscale", "-n", ns, "deployment", "api", "--min=1", "--max=3", "--cpu-percent=50").ok();
        assertThat(kubectl(bin, "get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}").ok().out()).isEqualTo("2");
        String table = kubectl(bin, "get", "hpa", "-n", ns).ok().out();
        assertThat(table).containsPattern("NAME\\s+REFERENCE\\s+TARGETS\\s+MINPODS\\s+MAXPODS\\s+REPLICAS\\s+AGE")
                .containsPattern("web\\s+Deployment/web\\s+cpu: <unknown>/80%\\s+2\\s+5\\s+")
                .containsPattern("api\\s+Deployment/api\\s+cpu: \\d%/50%\\s+1\\s+3\\s+1");
        assertThat(kubectl(bin, "describe", "hpa", "web", "-n", ns).ok().out())
                .contains("FailedGetResourceMetric", "missing request for cpu in container \"nginx\"");
        assertThat(kubectl(bin, "get", "horizontalpodautoscalers.v1.autoscaling", "api", "-n", ns, "-o", "jsonpath={.spec.targetCPUUtilizationPercentage}")
                .ok().out()).isEqualTo("50");

        // the server refuses what a real one refuses, in its words, and keeps what it had
        Result patched = kubectl(bin, "patch", "hpa", "web", "-n", ns, "-p", "{\"spec\":{\"maxReplicas\":1}}").fails();
        assertThat(patched.err()).contains("The HorizontalPodAutoscaler \"web\" is invalid: spec.maxReplicas: Invalid value: 1: "
                + "must be greater than or equal to `minReplicas`");
        assertThat(kubectl(bin, "get", "hpa", "web", "-n", ns, "-o", "jsonpath={.spec.maxReplicas}").ok().out()).isEqualTo("5");
        Path bad = dir.resolve("bad-hpa-" + ns + ".yaml");
        Files.writeString(bad, """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: bad}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  minReplicas: 0
                  maxReplicas: 3
                  metrics:
                  - type: Resource
                    resource: {name: cpu, target: {type: Utilization, averageUtilization: 0}}
                """);
        assertThat(kubectl(bin, "apply", "-n", ns, "-f", bad.toString()).fails().err())
                .contains("The HorizontalPodAutoscaler \"bad\" is invalid: \n* spec.minReplicas: Invalid value: 0: must be greater than or equal to 1\n"
                        + "* spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0\n");
        assertThat(kubectl(bin, "get", "hpa", "bad", "-n", ns).exit()).isNotZero();
    }
}
