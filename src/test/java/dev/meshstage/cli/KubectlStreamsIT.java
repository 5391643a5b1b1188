package dev.meshstage.cli;

import dev.meshstage.command.EmbeddedShell;
import dev.meshstage.support.KubectlRuns;
import dev.meshstage.support.TmuxShell;
import dev.meshstage.support.Workshops;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kubectl's streaming commands against a simulated cluster, with the oldest kubectl found (SPDY/3.1 only) and the
 * newest (WebSocket v5 for exec and cp, SPDY tunnelled in WebSocket for port-forward): exec with and without
 * stdin, exit codes, cp both ways, port-forward to a pod, a deployment and a service with HTTP through it.
 */
class KubectlStreamsIT {

    @TempDir
    static Path home;
    static EmbeddedShell shell;

    private static final String APP = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: streams-%1$s
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              namespace: streams-%1$s
            data:
              greeting: hello from a ConfigMap
              app.properties: |
                mode=demo
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: box
              namespace: streams-%1$s
            spec:
              containers:
              - name: box
                image: busybox
                command: [sleep, "3600"]
                env:
                - name: GREETING
                  valueFrom:
                    configMapKeyRef: {name: settings, key: greeting}
                - name: POD_NAME
                  valueFrom:
                    fieldRef: {fieldPath: metadata.name}
                volumeMounts:
                - name: settings
                  mountPath: /config
              volumes:
              - name: settings
                configMap: {name: settings}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: streams-%1$s
            spec:
              replicas: 1
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: nginx
                    image: nginx:alpine
                    ports: [{containerPort: 80}]
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: streams-%1$s
            spec:
              selector: {app: web}
              ports: [{port: 8080, targetPort: 80}]
            """;

    @BeforeAll
    static void cluster() {
        shell = Workshops.after(home, "cluster create cluster1");
    }

    @AfterAll
    static void stop() {
        shell.close();
    }

    static KubectlRuns.Run kubectl(String kubectl, Path cache, String stdin, String... args) throws Exception {
        return KubectlRuns.run(kubectl, home.resolve("kubeconfig"), cache, "kind-cluster1", stdin, args);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.meshstage.support.Kubectls#parameters")
    void execCpAndPortForward(String kubectl, @TempDir Path tmp) throws Exception {
        Assumptions.assumeFalse(kubectl.isEmpty(), "no kubectl binary on this machine");
        Path cache = tmp.resolve("cache");
        String v = kubectl.replaceAll(".*kubectl\\.?", "").replace(".", "");
        String ns = "streams-" + v;
        Path manifest = tmp.resolve("app.yaml");
        Files.writeString(manifest, APP.formatted(v));
        assertThat(kubectl(kubectl, cache, "", "apply", "-f", manifest.toString()).exit()).isZero();
        assertThat(kubectl(kubectl, cache, "", "wait", "-n", ns, "--for=condition=Ready", "pod/box", "--timeout=60s").exit()).isZero();

        KubectlRuns.Run hostname = kubectl(kubectl, cache, "", "exec", "-n", ns, "box", "--", "hostname");
        assertThat(hostname.exit()).as(hostname.err()).isZero();
        assertThat(hostname.out()).isEqualTo("box\n");

        KubectlRuns.Run env = kubectl(kubectl, cache, "", "exec", "-n", ns, "box", "--", "sh", "-c", "echo $GREETING from $POD_NAME; cat /config/app.properties");
        assertThat(env.out()).isEqualTo("hello from a ConfigMap from box\nmode=demo\n");

        KubectlRuns.Run exit = kubectl(kubectl, cache, "", "exec", "-n", ns, "box", "--", "sh", "-c", "echo partial; echo oops >&2; exit 3");
        assertThat(exit.exit()).isEqualTo(3);
        assertThat(exit.out()).isEqualTo("partial\n");
        assertThat(exit.err()).contains("oops").contains("command terminated with exit code 3");

        KubectlRuns.Run missing = kubectl(kubectl, cache, "", "exec", "-n", ns, "box", "--", "no-such-tool");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("\"no-such-tool\": executable file not found in $PATH");

        KubectlRuns.Run dns = kubectl(kubectl, cache, "", "exec", "-n", ns, "box", "--", "nslookup", "web");
        assertThat(dns.out()).contains("Name:\tweb." + ns + ".svc.cluster.local").containsPattern("Address: 10\\.96\\.\\d+\\.\\d+");

        KubectlRuns.Run curl = kubectl(kubectl, cache, "", "exec", "-n", ns, "box", "--", "wget", "-qO-", "http://web:8080/");
        assertThat(curl.out()).as(curl.err()).contains("Welcome to nginx!");

        KubectlRuns.Run stdin = kubectl(kubectl, cache, "line one\nline two\n", "exec", "-i", "-n", ns, "box", "--", "sh", "-c",
                "cat > /tmp/in.txt; wc -l < /tmp/in.txt");
        assertThat(stdin.out().strip()).as(stdin.err()).isEqualTo("2");

        Path local = tmp.resolve("notes.txt");
        Files.writeString(local, "copied in by kubectl cp\n");
        KubectlRuns.Run cpIn = kubectl(kubectl, cache, "", "cp", local.toString(), ns + "/box:/tmp/notes.txt");
        assertThat(cpIn.exit()).as(cpIn.err()).isZero();
        assertThat(kubectl(kubectl, cache, "", "exec", "-n", ns, "box", "--", "cat", "/tmp/notes.txt").out())
                .isEqualTo("copied in by kubectl cp\n");
        Path back = tmp.resolve("back.txt");
        KubectlRuns.Run cpOut = kubectl(kubectl, cache, "", "cp", ns + "/box:/tmp/notes.txt", back.toString());
        assertThat(cpOut.exit()).as(cpOut.err()).isZero();
        assertThat(Files.readString(back)).isEqualTo("copied in by kubectl cp\n");

        assertThat(kubectl(kubectl, cache, "", "rollout", "status", "-n", ns, "deploy/web", "--timeout=60s").exit()).isZero();
        for (String target : List.of("deploy/web", "svc/web")) {
            String remote = target.startsWith("svc") ? "8080" : "80";
            assertThat(throughPortForward(kubectl, cache, ns, target, remote, "/")).contains("Welcome to nginx!");
        }
    }

    private static final String PROGRAMS = """
            apiVersion: v1
            kind: Namespace
            metadata: {name: run-%1$s}
            ---
            apiVersion: batch/v1
            kind: Job
            metadata: {name: greet, namespace: run-%1$s}
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: greet, image: "busybox:1.36", command: [sh, -c, "echo hi; sleep 5; echo done"]}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: crasher, namespace: run-%1$s}
            spec:
              containers: [{name: crasher, image: "busybox:1.36", command: [sh, -c, "echo crashing; exit 1"]}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: bare, namespace: run-%1$s}
            spec:
              restartPolicy: Never
              containers: [{name: bare, image: "busybox:1.36"}]
            """;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.meshstage.support.Kubectls#parameters")
    void containersRunTheirCommand(String kubectl, @TempDir Path tmp) throws Exception {
        Assumptions.assumeFalse(kubectl.isEmpty(), "no kubectl binary on this machine");
        Path cache = tmp.resolve("cache");
        String v = kubectl.replaceAll(".*kubectl\\.?", "").replace(".", "");
        String ns = "run-" + v;
        Path manifest = tmp.resolve("programs.yaml");
        Files.writeString(manifest, PROGRAMS.formatted(v));
        assertThat(kubectl(kubectl, cache, "", "apply", "-f", manifest.toString()).exit()).isZero();

        KubectlRuns.Run run = kubectl(kubectl, cache, "", "run", "hello", "-n", ns, "--restart=Never", "--image=busybox:1.36", "--", "echo", "hello");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(kubectl(kubectl, cache, "", "wait", "-n", ns, "--for=jsonpath={.status.phase}=Succeeded", "pod/hello", "--timeout=60s").exit())
                .isZero();
        assertThat(kubectl(kubectl, cache, "", "logs", "-n", ns, "hello").out()).isEqualTo("hello\n");
        assertThat(kubectl(kubectl, cache, "", "get", "pod", "hello", "-n", ns).out()).containsPattern("hello\\s+0/1\\s+Completed\\s+0");

        assertThat(kubectl(kubectl, cache, "", "wait", "-n", ns, "--for=condition=complete", "job/greet", "--timeout=60s").exit()).isZero();
        assertThat(kubectl(kubectl, cache, "", "logs", "-n", ns, "job/greet").out()).isEqualTo("hi\ndone\n");

        String crasher = kubectl(kubectl, cache, "", "get", "pod", "crasher", "-n", ns).out();
        assertThat(crasher).containsPattern("crasher\\s+0/1\\s+(CrashLoopBackOff|Error)\\s+[1-9]");
        assertThat(kubectl(kubectl, cache, "", "logs", "-n", ns, "crasher", "--previous").out()).isEqualTo("crashing\n");
        assertThat(kubectl(kubectl, cache, "", "get", "pod", "crasher", "-n", ns,
                "-o", "jsonpath={.status.containerStatuses[0].lastState.terminated.exitCode}").out()).isEqualTo("1");

        assertThat(kubectl(kubectl, cache, "", "get", "pod", "bare", "-n", ns).out()).containsPattern("bare\\s+0/1\\s+Completed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.meshstage.support.Kubectls#parameters")
    void runWithATerminalAndRemove(String kubectl, @TempDir Path tmp) throws Exception {
        Assumptions.assumeFalse(kubectl.isEmpty(), "no kubectl binary on this machine");
        Assumptions.assumeTrue(TmuxShell.available(), "no tmux on this machine");
        Path cache = tmp.resolve("cache");
        String v = kubectl.replaceAll(".*kubectl\\.?", "").replace(".", "");
        String pod = "tmp-shell-" + v;
        Path done = tmp.resolve("exit-code");
        String command = String.join(" ", kubectl, "--kubeconfig", home.resolve("kubeconfig").toString(), "--cache-dir", cache.toString(),
                "--context", "kind-cluster1", "run", pod, "--rm", "-it", "--image=busybox:1.36", "--restart=Never", "--", "sh")
                + "; echo $? > " + done + "; sleep 30";
        try (TmuxShell term = TmuxShell.command("run-" + v, 100, 20, command)) {
            shows(term, "/ #");
            term.send("hostname", "Enter");
            shows(term, pod + "\n/ #");
            term.send("exit", "Enter");
            String screen = shows(term, "pod \"" + pod + "\" deleted");
            assertThat(screen).contains("/ # hostname");
            for (int i = 0; i < 100 && !Files.exists(done); i++) {
                Thread.sleep(100);
            }
            assertThat(Files.readString(done).strip()).isEqualTo("0");
            assertThat(kubectl(kubectl, cache, "", "get", "pod", pod).exit()).isNotZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.meshstage.support.Kubectls#parameters")
    void execWithATerminal(String kubectl, @TempDir Path tmp) throws Exception {
        Assumptions.assumeFalse(kubectl.isEmpty(), "no kubectl binary on this machine");
        Assumptions.assumeTrue(TmuxShell.available(), "no tmux on this machine");
        Path cache = tmp.resolve("cache");
        String v = kubectl.replaceAll(".*kubectl\\.?", "").replace(".", "");
        String ns = "tty-" + v;
        Path manifest = tmp.resolve("term.yaml");
        Files.writeString(manifest, """
                apiVersion: v1
                kind: Namespace
                metadata: {name: %1$s}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: term, namespace: %1$s}
                spec:
                  containers: [{name: term, image: busybox, command: [sleep, "3600"]}]
                """.formatted(ns));
        assertThat(kubectl(kubectl, cache, "", "apply", "-f", manifest.toString()).exit()).isZero();
        assertThat(kubectl(kubectl, cache, "", "wait", "-n", ns, "--for=condition=Ready", "pod/term", "--timeout=60s").exit()).isZero();
        Path done = tmp.resolve("exit-code");
        String command = String.join(" ", kubectl, "--kubeconfig", home.resolve("kubeconfig").toString(), "--cache-dir", cache.toString(),
                "--context", "kind-cluster1", "exec", "-it", "-n", ns, "term", "--", "sh") + "; echo $? > " + done + "; sleep 30";
        try (TmuxShell term = TmuxShell.command("tty-" + v, 100, 20, command)) {
            shows(term, "/ #");
            term.send("cd /etc", "Enter");
            shows(term, "/etc #");
            term.send("cat hostnamx", "BSpace", "e", "Enter");
            String screen = shows(term, "term\n/etc #");
            assertThat(screen).contains("/ # cd /etc").contains("/etc # cat hostname\nterm");
            term.send("exit 7", "Enter");
            for (int i = 0; i < 100 && !Files.exists(done); i++) {
                Thread.sleep(100);
            }
            assertThat(Files.readString(done).strip()).isEqualTo("7");
        }
    }

    /** The terminal's screen once it contains {@code expected} (20 s at most). */
    private static String shows(TmuxShell term, String expected) throws Exception {
        return term.await(screen -> screen.contains(expected), expected, 20);
    }

    static String throughPortForward(String kubectl, Path cache, String ns, String target, String remote, String path) throws Exception {
        return KubectlRuns.throughPortForward(kubectl, home.resolve("kubeconfig"), cache, "kind-cluster1", ns, target, remote, path);
    }
}
