package dev.meshstage.cli;

import dev.meshstage.support.DirectoryCopy;
import dev.meshstage.support.MeshstageProcess;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input through the real jar: each a one-line error naming the problem, a non-zero exit, no stack
 * trace, and the state left as it was.
 */
class BadInputIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path tmp;

    @AfterEach
    void stopServer() throws Exception {
        MeshstageProcess.stopServer(tmp.resolve("home")); // one may have started for the sim's commands
    }

    private Path workshopCopy() throws IOException {
        Path dir = tmp.resolve("workshop");
        DirectoryCopy.copy(Path.of("configs"), dir.resolve("configs"));
        return dir;
    }

    private static void assertOneLineError(MeshstageProcess.Result r, String... fragments) {
        assertThat(r.exitCode()).as("exit code; stderr: " + r.stderr()).isNotZero();
        assertThat(r.stderr().strip().lines()).as("stderr: " + r.stderr()).hasSize(1);
        assertThat(r.stderr()).startsWith("error: ").doesNotContain("Exception", "\tat ");
        for (String f : fragments) {
            assertThat(r.stderr()).contains(f);
        }
    }

    /** One bad input: the words typed, and what the one line on stderr must say. */
    private record Bad(String[] words, String... says) {
        static Bad of(String line, String... says) {
            return new Bad(line.split(" "), says);
        }

        @Override
        public String toString() {
            return String.join(" ", words);
        }
    }

    /** Inputs rejected before anything runs. */
    private static final List<Bad> BAD = List.of(
            // unknown commands and sub-commands
            Bad.of("clustr create", "unknown command 'clustr'", "did you mean 'cluster create'?"),
            Bad.of("cluster frobnicate", "'cluster' has no sub-command 'frobnicate'", "attach, create, delete, detach, list"),
            Bad.of("mesh lnk", "did you mean 'mesh link'?"),
            Bad.of("cluster", "'cluster' needs a sub-command: attach, create, delete, detach, list"),
            Bad.of("app", "'app' needs a sub-command"),
            Bad.of("app opn", "did you mean 'app open'?"),
            Bad.of("sttus", "unknown command 'sttus'", "did you mean 'status'?"),
            Bad.of("bogus", "unknown command 'bogus'", "type 'help'"),
            Bad.of("lb instal", "did you mean 'lb install'?"),
            Bad.of("images", "'images' needs a sub-command: preload"),
            // misspelt or foreign options
            Bad.of("status --jsn", "'status' has no option --jsn", "did you mean '--json'?", "--cluster, --json, --steps"),
            Bad.of("cluster create --al", "did you mean '--all'?"),
            Bad.of("lb install --clustr 1", "did you mean '--cluster'?"),
            Bad.of("app open --prt 9000", "did you mean '--port'?"),
            Bad.of("mesh link --cluster 1", "'mesh link' has no option --cluster", "it takes no options"),
            Bad.of("version --verbose", "'version' has no option --verbose"),
            Bad.of("mesh ca --rotat", "did you mean '--rotate'?"),
            Bad.of("app deploy --clusters 2", "did you mean '--cluster'?"),
            // values of the wrong type or out of range
            Bad.of("app open --port abc", "'app open --port' takes a port number, 1-65535, not 'abc'"),
            Bad.of("app open --port 0", "not '0'"),
            Bad.of("app open --port 70000", "not '70000'"),
            Bad.of("app open --port", "'app open --port' needs a value: a port number"),
            Bad.of("cluster create --all=maybe", "is a flag", "not 'maybe'"),
            Bad.of("status --json=yes", "is a flag"),
            Bad.of("lb install --cluster", "'lb install --cluster' needs a value: cluster1, cluster2"),
            new Bad(new String[] {"status", "--cluster", ""}, "'status --cluster' needs a value"),
            // missing and extra arguments
            Bad.of("use", "'use' needs NAME: cluster1, cluster2"),
            Bad.of("explain", "'explain' needs STEP"),
            Bad.of("use 1 2", "'use' takes one NAME, but got 2"),
            Bad.of("status foo", "'status' takes no arguments, but got 'foo'"),
            Bad.of("status json", "did you mean '--json'?"),
            Bad.of("next now", "'next' takes no arguments"),
            Bad.of("mesh link cluster1", "'mesh link' takes no arguments"),
            Bad.of("cluster delete", "name the clusters to delete (cluster1, cluster2) or use --all"),
            Bad.of("cluster create --all cluster1", "give cluster names or --all, not both"),
            Bad.of("mesh ca --rotate --cluster 1", "--rotate replaces the root of every cluster"),
            Bad.of("status --steps --json", "--steps shows every cluster"),
            // names that do not exist
            Bad.of("use cluster9", "unknown cluster 'cluster9'", "did you mean 'cluster1'?", "cluster1, cluster2"),
            Bad.of("use 3", "unknown cluster '3'"),
            Bad.of("lb install --cluster 7", "unknown cluster '7'"),
            Bad.of("cluster create cluster3", "unknown cluster 'cluster3'"),
            Bad.of("cluster delete clusterr1", "did you mean 'cluster1'?"),
            Bad.of("app deploy --cluster 3", "unknown cluster '3'"),
            Bad.of("explain lnk", "nothing to explain about 'lnk'", "did you mean 'link'?"),
            Bad.of("help clustr", "no command 'clustr'", "did you mean 'cluster'?"),
            Bad.of("app deploy cartt", "unknown service 'cartt'", "did you mean 'cart'?", "the app's home"),
            // inputs that get as far as the clusters
            Bad.of("app deploy nosuch", "unknown service 'nosuch' for cluster1"),
            Bad.of("app delete --cluster 2 nosuch", "unknown service 'nosuch' for cluster2"),
            Bad.of("mesh install", "'mesh install' needs cluster1 to have reached 'MetalLB installed'", "run 'lb install' first"),
            Bad.of("mesh link", "needs cluster1 to have reached 'Istio installed'"),
            Bad.of("app deploy", "needs cluster1 to have reached 'clusters linked'"),
            Bad.of("use cluster9", "unknown cluster 'cluster9'"),
            Bad.of("lb install --pool 10.0.0.300/28", "--pool 10.0.0.300/28: ", "octet 300", "give a range a.b.c.d-e.f.g.h or a CIDR"),
            Bad.of("lb install --pool 172.18.250.0/28", "--pool is for attached clusters", "take the pools of configs/metallb/"),
            // words the user's shell unquoted: they arrive whole
            new Bad(new String[] {"use", "it's"}, "unknown cluster 'it's'"),
            new Bad(new String[] {"replay", "--no-wait", "--from", "no such place", "transcripts/01-clusters.md"},
                    "no heading starting 'no such place'"));

    /** Bad input before any cluster exists: each in a fresh home, which stays without clusters. */
    static Stream<Bad> withoutClusters() {
        return Stream.of(
                Bad.of("dashboard", "needs a terminal", "dashboard --once"),
                Bad.of("dashboard --once --cluster 1,cluster9", "unknown cluster 'cluster9'"),
                Bad.of("dashboard --once --width 20", "--width 20", "40 to 1000"),
                Bad.of("--backend minikube status", "unknown backend 'minikube'"),
                Bad.of("--script nope.txt", "nope.txt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withoutClusters")
    void beforeAnyClusterExists(Bad bad) throws Exception {
        Path home = tmp.resolve("home");
        assertOneLineError(MeshstageProcess.run(home, tmp, Map.of(), bad.words()), bad.says());
        assertThat(home.resolve("kubeconfig")).as("no cluster was made").doesNotExist();
    }

    @Test
    void dashboardOnceBeforeTheClustersExistSaysSoPerCluster() throws Exception {
        var r = MeshstageProcess.run(tmp.resolve("home"), Path.of("").toAbsolutePath(), Map.of(), "dashboard", "--once", "--width", "100");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("meshstage dashboard").contains("cluster1  kind-cluster1").contains("cluster2  kind-cluster2")
                .contains("✘ not answering");
        assertThat(r.stdout().lines()).allMatch(l -> l.codePointCount(0, l.length()) <= 100);
    }

    /**
     * Every input of {@link #BAD} against one home with both clusters, served by its background server (so each
     * costs a client start and a socket); the clusters' objects must be the same after each.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AgainstTwoClusters {

        Path home;

        @BeforeAll
        void clusters(@TempDir Path dir) throws Exception {
            home = dir;
            var create = MeshstageProcess.run(home, Path.of("").toAbsolutePath(), Map.of(), "cluster", "create", "--all");
            assertThat(create.exitCode()).as(create.stderr()).isZero();
        }

        @AfterAll
        void stop() throws Exception {
            if (home != null) {
                MeshstageProcess.stopServer(home);
            }
        }

        Stream<Bad> bad() {
            return BAD.stream();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("bad")
        void isOneLineWithANonZeroExitAndChangesNothing(Bad bad) throws Exception {
            Map<String, String> before = state(home);
            String problems = problems(bad, MeshstageProcess.run(home, Path.of("").toAbsolutePath(), Map.of(), bad.words()), before, state(home));
            assertThat(problems).isEmpty();
        }
    }

    /** What is wrong with how one bad input was answered; empty when nothing is. */
    private static String problems(Bad bad, MeshstageProcess.Result r, Map<String, String> before, Map<String, String> after) {
        List<String> wrong = new ArrayList<>();
        if (r.exitCode() == 0) {
            wrong.add("exit code 0");
        }
        List<String> lines = r.stderr().strip().lines().toList();
        if (lines.size() != 1 || !lines.get(0).startsWith("error: ")) {
            wrong.add("stderr is not one 'error: ' line");
        }
        if (r.stderr().contains("Exception") || r.stderr().contains("\tat ")) {
            wrong.add("a stack trace or exception name");
        }
        for (String s : bad.says()) {
            if (!r.stderr().contains(s)) {
                wrong.add("does not say \"" + s + "\"");
            }
        }
        if (!r.stdout().isBlank()) {
            wrong.add("printed on stdout: " + r.stdout().strip());
        }
        if (!before.equals(after)) {
            wrong.add("the home changed: " + changed(before, after));
        }
        return wrong.isEmpty() ? "" : "'" + bad + "': " + String.join("; ", wrong) + "\n  stderr: " + r.stderr().strip();
    }

    /** The files that differ, and where the first of them differs first. */
    private static String changed(Map<String, String> before, Map<String, String> after) {
        List<String> files = new ArrayList<>();
        String where = "";
        for (String name : union(before.keySet(), after.keySet())) {
            String a = before.getOrDefault(name, "");
            String b = after.getOrDefault(name, "");
            if (!a.equals(b)) {
                files.add(name);
                if (where.isEmpty()) {
                    int i = 0;
                    while (i < Math.min(a.length(), b.length()) && a.charAt(i) == b.charAt(i)) {
                        i++;
                    }
                    where = " (" + name + " at " + i + ": '" + a.substring(Math.max(0, i - 80), Math.min(a.length(), i + 80)) + "' -> '"
                            + b.substring(Math.max(0, i - 80), Math.min(b.length(), i + 80)) + "')";
                }
            }
        }
        return files + where;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /**
     * A cluster's saved objects without resource versions, clock and heartbeats: starting the sim moves its clock,
     * its controllers rewrite some unchanged statuses on start, which bumps versions and nothing else, and the
     * kubelets renew their node leases every 10 s, bad input or not.
     */
    private static String objects(String state) {
        ObjectNode json = (ObjectNode) JSON.readTree(state);
        json.remove("clock");
        json.remove("resourceVersion");
        json.path("objects").forEach(o -> {
            ((ObjectNode) o.path("object").path("metadata")).remove("resourceVersion");
            if (o.path("object").path("spec").has("renewTime")) {
                ((ObjectNode) o.path("object").path("spec")).remove("renewTime");
            }
            o.path("object").path("status").path("conditions").forEach(c -> ((ObjectNode) c).remove("lastHeartbeatTime"));
        });
        return json.toString();
    }

    /** The home's files and contents (logs and the server's run/ aside), the clusters' objects as {@link #objects} compares them. */
    private static Map<String, String> state(Path home) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(home)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(home)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                String name = home.relativize(f).toString();
                if (name.startsWith("logs") || name.startsWith("run")) {
                    continue;
                }
                String content = Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1);
                if (name.endsWith("state.json")) {
                    content = objects(content);
                }
                files.put(name, content);
            }
        }
        return files;
    }

    /** A workshop directory broken in one file ({@code edit} its new content, null: deleted), and what the one line about it must say. */
    private record Broken(String what, String file, UnaryOperator<String> edit, String command, String... says) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Broken> brokenWorkshops() {
        return Stream.of(
                new Broken("overlapping pod subnets", "configs/kind/cluster2-config.yaml", yaml -> yaml.replace("10.245.0.0/16", "10.244.0.0/16"),
                        "cluster create --all", "10.244.0.0/16"),
                new Broken("malformed YAML", "configs/metallb/metallb-cluster1.yaml", yaml -> "apiVersion: metallb.io/v1beta1\nkind: [oops\n",
                        "cluster list", "metallb-cluster1.yaml", "line"),
                new Broken("a missing config file", "configs/istio/cluster2.yaml", null, "cluster list", "cluster2.yaml"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenWorkshops")
    void aBrokenWorkshopIsNamedByFileAndChangesNothing(Broken broken) throws Exception {
        Path ws = workshopCopy();
        Path file = ws.resolve(broken.file());
        if (broken.edit() == null) {
            Files.delete(file);
        } else {
            Files.writeString(file, broken.edit().apply(Files.readString(file)));
        }
        assertOneLineError(MeshstageProcess.run(tmp.resolve("home"), ws, Map.of(), broken.command().split(" ")), broken.says());
        assertThat(tmp.resolve("home/kubeconfig")).doesNotExist();
    }

    @Test
    void aScriptStopsAtItsFirstFailingLine() throws Exception {
        Path script = tmp.resolve("steps.txt");
        Files.writeString(script, "# the workshop, in a file\nversion\nuse cluster7\ncluster list\n");
        var r = MeshstageProcess.run(tmp.resolve("home"), Path.of("").toAbsolutePath(), Map.of(), "--script", script.toString());
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.stdout()).contains("meshstage ").doesNotContain("CONTEXT");
        assertThat(r.stderr()).contains("error: unknown cluster 'cluster7'", "error: stopped at line 3 of " + script)
                .doesNotContain("Exception");
    }

    @Test
    void aScriptThatSucceedsExitsZero() throws Exception {
        Path script = tmp.resolve("ok.txt");
        Files.writeString(script, "version\n\ncluster list\n");
        var r = MeshstageProcess.run(tmp.resolve("home"), Path.of("").toAbsolutePath(), Map.of(), "--script", script.toString());
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout()).contains("meshstage ", "cluster1   kind-cluster1");
    }
}
