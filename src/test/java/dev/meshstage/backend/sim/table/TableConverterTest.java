package dev.meshstage.backend.sim.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.meshstage.backend.sim.patch.Json;
import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class TableConverterTest {
    static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");
    static final String CREATED = "2026-01-10T11:56:40Z"; // 3m20s before NOW

    static ResourceType core(String kind, String plural) {
        return new ResourceType("", "v1", kind, plural, kind.toLowerCase(), true, List.of(), List.of("all"),
                true, false, List.of("get", "list"));
    }

    static List<String> header(ObjectNode t, int priority) {
        List<String> out = new ArrayList<>();
        t.get("columnDefinitions").values().forEach(c -> {
            if (c.get("priority").asInt() == priority) {
                out.add(c.get("name").asString());
            }
        });
        return out;
    }

    static List<String> cells(ObjectNode t, int row) {
        List<String> out = new ArrayList<>();
        t.at("/rows/" + row + "/cells").values().forEach(c -> out.add(c.isNull() ? "<null>" : c.asString()));
        return out;
    }

    static ObjectNode pod(String name, String status, String extraMeta, String spec) {
        return Json.parseObject("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s","namespace":"demo","creationTimestamp":"%s"%s},
                 "spec":%s,"status":%s}""".formatted(name, CREATED, extraMeta, spec, status));
    }

    static final String TWO = """
            {"nodeName":"node-1","containers":[{"name":"a","image":"a"},{"name":"b","image":"b"}]}""";
    static final String ONE_INIT = """
            {"initContainers":[{"name":"i","image":"i"}],"containers":[{"name":"a","image":"a"}]}""";

    @Test
    void humanDurations() {
        assertThat(Durations.humanDuration(Duration.ofSeconds(5))).isEqualTo("5s");
        assertThat(Durations.humanDuration(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(Durations.humanDuration(Duration.ofSeconds(200))).isEqualTo("3m20s");
        assertThat(Durations.humanDuration(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Durations.humanDuration(Duration.ofMinutes(100))).isEqualTo("100m");
        assertThat(Durations.humanDuration(Duration.ofMinutes(303))).isEqualTo("5h3m");
        assertThat(Durations.humanDuration(Duration.ofHours(20))).isEqualTo("20h");
        assertThat(Durations.humanDuration(Duration.ofHours(51))).isEqualTo("2d3h");
        assertThat(Durations.humanDuration(Duration.ofDays(30))).isEqualTo("30d");
        assertThat(Durations.humanDuration(Duration.ofDays(740))).isEqualTo("2y10d");
        assertThat(Durations.humanDuration(Duration.ofDays(365 * 9))).isEqualTo("9y");
        assertThat(Durations.humanDuration(Duration.ofMillis(-1500))).isEqualTo("0s");
        assertThat(Durations.humanDuration(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
        assertThat(Durations.since(null, NOW)).isEqualTo("<unknown>");
    }

    @Test
    void podsInSeveralStates() {
        List<ObjectNode> pods = List.of(
                pod("running", """
                        {"phase":"Running","podIP":"10.0.0.5","podIPs":[{"ip":"10.0.0.5"}],
                         "conditions":[{"type":"Ready","status":"True"}],
                         "containerStatuses":[
                          {"name":"a","ready":true,"restartCount":0,"state":{"running":{}}},
                          {"name":"b","ready":true,"restartCount":5,"state":{"running":{}},
                           "lastState":{"terminated":{"exitCode":1,"finishedAt":"2026-01-10T11:55:00Z"}}}]}""", "", TWO),
                pod("creating", """
                        {"phase":"Pending","containerStatuses":[
                          {"name":"a","ready":false,"restartCount":0,"state":{"waiting":{"reason":"ContainerCreating"}}},
                          {"name":"b","ready":false,"restartCount":0,"state":{"waiting":{"reason":"ContainerCreating"}}}]}""",
                        "", TWO),
                pod("pullfail", """
                        {"phase":"Pending","containerStatuses":[
                          {"name":"a","ready":true,"restartCount":0,"state":{"running":{}}},
                          {"name":"b","ready":false,"restartCount":0,"state":{"waiting":{"reason":"ImagePullBackOff"}}}]}""",
                        "", TWO),
                pod("crash", """
                        {"phase":"Running","containerStatuses":[
                          {"name":"a","ready":false,"restartCount":3,"state":{"waiting":{"reason":"CrashLoopBackOff"}},
                           "lastState":{"terminated":{"exitCode":1,"finishedAt":"2026-01-10T11:59:30Z"}}}]}""",
                        "", ONE_INIT),
                pod("init", """
                        {"phase":"Pending","initContainerStatuses":[
                          {"name":"i","ready":false,"restartCount":0,"state":{"running":{}}}],
                         "containerStatuses":[{"name":"a","ready":false,"restartCount":0,
                          "state":{"waiting":{"reason":"PodInitializing"}}}]}""", "", ONE_INIT),
                pod("done", """
                        {"phase":"Succeeded","containerStatuses":[
                          {"name":"a","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}""",
                        "", ONE_INIT),
                pod("going", """
                        {"phase":"Running","containerStatuses":[
                          {"name":"a","ready":true,"restartCount":0,"state":{"running":{}}}]}""",
                        ",\"deletionTimestamp\":\"2026-01-10T11:59:00Z\"", ONE_INIT),
                pod("new", "{}", "", ONE_INIT));
        ObjectNode t = TableConverter.toTable(core("Pod", "pods"), pods, "42", null, NOW);
        assertThat(t.get("kind").asString()).isEqualTo("Table");
        assertThat(t.get("apiVersion").asString()).isEqualTo("meta.k8s.io/v1");
        assertThat(t.at("/metadata/resourceVersion").asString()).isEqualTo("42");
        assertThat(header(t, 0)).containsExactly("Name", "Ready", "Status", "Restarts", "Age");
        assertThat(header(t, 1)).containsExactly("IP", "Node", "Nominated Node", "Readiness Gates");
        assertThat(cells(t, 0)).containsExactly("running", "2/2", "Running", "5 (5m ago)", "3m20s", "10.0.0.5",
                "node-1", "<none>", "<none>");
        assertThat(cells(t, 1).subList(1, 4)).containsExactly("0/2", "ContainerCreating", "0");
        assertThat(cells(t, 2).subList(1, 3)).containsExactly("1/2", "ImagePullBackOff");
        assertThat(cells(t, 3).subList(1, 4)).containsExactly("0/1", "CrashLoopBackOff", "3 (30s ago)");
        assertThat(cells(t, 4).get(2)).isEqualTo("Init:0/1");
        assertThat(cells(t, 5).get(2)).isEqualTo("Completed");
        assertThat(t.at("/rows/5/conditions/0/type").asString()).isEqualTo("Completed");
        assertThat(cells(t, 6).get(2)).isEqualTo("Terminating");
        assertThat(cells(t, 7).subList(1, 5)).containsExactly("0/1", "Pending", "0", "3m20s");
        assertThat(cells(t, 7).get(5)).isEqualTo("<none>");
        JsonNode obj = t.at("/rows/0/object");
        assertThat(obj.get("kind").asString()).isEqualTo("PartialObjectMetadata");
        assertThat(obj.at("/metadata/name").asString()).isEqualTo("running");
        assertThat(obj.has("spec")).isFalse();

        ObjectNode full = TableConverter.toTable(core("Pod", "pods"), pods, "42", "Object", NOW);
        assertThat(full.at("/rows/0/object/kind").asString()).isEqualTo("Pod");
        ObjectNode none = TableConverter.toTable(core("Pod", "pods"), pods, "42", "None", NOW);
        assertThat(none.at("/rows/0").has("object")).isFalse();
    }

    static ObjectNode svc(String name, String spec, String status) {
        return Json.parseObject("""
                {"apiVersion":"v1","kind":"Service","metadata":{"name":"%s","creationTimestamp":"%s"},
                 "spec":%s,"status":%s}""".formatted(name, CREATED, spec, status));
    }

    @Test
    void servicesOfEachType() {
        ObjectNode t = TableConverter.toTable(core("Service", "services"), List.of(
                svc("cip", """
                        {"type":"ClusterIP","clusterIP":"10.96.0.10","clusterIPs":["10.96.0.10"],
                         "ports":[{"port":80,"protocol":"TCP"},{"port":53,"protocol":"UDP"}],"selector":{"app":"web","tier":"fe"}}""",
                        "{}"),
                svc("np", """
                        {"type":"NodePort","clusterIP":"10.96.0.11","ports":[{"port":80,"nodePort":30000},
                         {"port":443,"nodePort":31443,"protocol":"TCP"}]}""", "{}"),
                svc("lb-pending", """
                        {"type":"LoadBalancer","clusterIP":"10.96.0.12","ports":[{"port":80,"nodePort":30080}]}""", "{}"),
                svc("lb", """
                        {"type":"LoadBalancer","clusterIP":"10.96.0.13","ports":[{"port":80,"nodePort":30081}]}""",
                        "{\"loadBalancer\":{\"ingress\":[{\"ip\":\"172.18.255.200\"}]}}"),
                svc("ext", """
                        {"type":"ExternalName","externalName":"db.example.com"}""", "{}"),
                svc("headless", """
                        {"clusterIP":"None","ports":[{"port":5432}]}""", "{}")), "7", null, NOW);
        assertThat(header(t, 0)).containsExactly("Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age");
        assertThat(header(t, 1)).containsExactly("Selector");
        assertThat(cells(t, 0)).containsExactly("cip", "ClusterIP", "10.96.0.10", "<none>", "80/TCP,53/UDP", "3m20s",
                "app=web,tier=fe");
        assertThat(cells(t, 1).subList(1, 5)).containsExactly("NodePort", "10.96.0.11", "<none>",
                "80:30000/TCP,443:31443/TCP");
        assertThat(cells(t, 2).get(3)).isEqualTo("<pending>");
        assertThat(cells(t, 3).get(3)).isEqualTo("172.18.255.200");
        assertThat(cells(t, 4).subList(1, 5)).containsExactly("ExternalName", "<none>", "db.example.com", "<none>");
        assertThat(cells(t, 5).subList(1, 3)).containsExactly("ClusterIP", "None");
        assertThat(cells(t, 1).get(6)).isEqualTo("<none>");
    }

    @Test
    void nodes() {
        ObjectNode n = Json.parseObject("""
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"c1-control-plane","creationTimestamp":"2026-01-08T09:00:00Z",
                  "labels":{"node-role.kubernetes.io/control-plane":"","kubernetes.io/hostname":"x"}},
                 "spec":{"unschedulable":true},
                 "status":{"conditions":[{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"True"}],
                  "addresses":[{"type":"InternalIP","address":"172.18.0.2"},{"type":"Hostname","address":"c1"}],
                  "nodeInfo":{"kubeletVersion":"v1.31.0","osImage":"Debian GNU/Linux 12 (bookworm)",
                   "kernelVersion":"6.1.0","containerRuntimeVersion":"containerd://1.7.18"}}}""");
        ObjectNode worker = Json.parseObject("""
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"w"},"status":{}}""");
        ObjectNode t = TableConverter.toTable(new ResourceType("", "v1", "Node", "nodes", "node", false, List.of("no"),
                List.of(), true, false, List.of("get")), List.of(n, worker), "1", null, NOW);
        assertThat(header(t, 0)).containsExactly("Name", "Status", "Roles", "Age", "Version");
        assertThat(header(t, 1)).containsExactly("Internal-IP", "External-IP", "OS-Image", "Kernel-Version",
                "Container-Runtime");
        assertThat(cells(t, 0)).containsExactly("c1-control-plane", "Ready,SchedulingDisabled", "control-plane",
                "2d3h", "v1.31.0", "172.18.0.2", "<none>", "Debian GNU/Linux 12 (bookworm)", "6.1.0",
                "containerd://1.7.18");
        assertThat(cells(t, 1).subList(0, 4)).containsExactly("w", "Unknown", "<none>", "<unknown>");
    }

    @Test
    void events() {
        ObjectNode ev = Json.parseObject("""
                {"apiVersion":"v1","kind":"Event","metadata":{"name":"web-1.17a","namespace":"demo"},
                 "involvedObject":{"kind":"Pod","name":"web-1","fieldPath":"spec.containers{web}"},
                 "reason":"Pulled","message":"Successfully pulled image \\"nginx\\"\\n","type":"Normal",
                 "source":{"component":"kubelet","host":"node-1"},
                 "firstTimestamp":"2026-01-10T11:50:00Z","lastTimestamp":"2026-01-10T11:59:55Z","count":4}""");
        ObjectNode ev2 = Json.parseObject("""
                {"apiVersion":"v1","kind":"Event","metadata":{"name":"e2"},"involvedObject":{"kind":"Node"},
                 "reason":"Starting","type":"Warning","eventTime":"2026-01-10T11:59:00.000000Z",
                 "reportingComponent":"kube-proxy","reportingInstance":"node-1"}""");
        ObjectNode t = TableConverter.toTable(core("Event", "events"), List.of(ev, ev2), "1", null, NOW);
        assertThat(header(t, 0)).containsExactly("Last Seen", "Type", "Reason", "Object", "Message");
        assertThat(cells(t, 0)).containsExactly("5s", "Normal", "Pulled", "pod/web-1", "spec.containers{web}",
                "kubelet, node-1", "Successfully pulled image \"nginx\"", "10m", "4", "web-1.17a");
        assertThat(cells(t, 1)).containsExactly("60s", "Warning", "Starting", "node", "", "kube-proxy, node-1", "",
                "60s", "1", "e2");
    }

    @Test
    void workloadsAndSimpleKinds() {
        ResourceType deploy = new ResourceType("apps", "v1", "Deployment", "deployments", "deployment", true,
                List.of("deploy"), List.of("all"), true, true, List.of("get"));
        ObjectNode d = Json.parseObject("""
                {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","creationTimestamp":"%s"},
                 "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"},
                   "matchExpressions":[{"key":"tier","operator":"In","values":["fe","be"]}]},
                  "template":{"spec":{"containers":[{"name":"web","image":"nginx:1.25"},{"name":"s","image":"envoy"}]}}},
                 "status":{"readyReplicas":2,"updatedReplicas":3,"availableReplicas":2}}""".formatted(CREATED));
        ObjectNode t = TableConverter.toTable(deploy, List.of(d), "1", null, NOW);
        assertThat(header(t, 0)).containsExactly("Name", "Ready", "Up-to-date", "Available", "Age");
        assertThat(cells(t, 0)).containsExactly("web", "2/3", "3", "2", "3m20s", "web,s", "nginx:1.25,envoy",
                "app=web,tier in (be,fe)");
        assertThat(t.at("/rows/0/cells/2").isNumber()).isTrue();

        ObjectNode cm = Json.parseObject("""
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","creationTimestamp":"%s"},
                 "data":{"a":"1","b":"2"}}""".formatted(CREATED));
        assertThat(cells(TableConverter.toTable(core("ConfigMap", "configmaps"), List.of(cm), "1", null, NOW), 0))
                .containsExactly("c", "2", "3m20s");
        ObjectNode ep = Json.parseObject("""
                {"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"web"},
                 "subsets":[{"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"},{"ip":"10.0.0.3"},{"ip":"10.0.0.4"}],
                  "ports":[{"port":80}]}]}""");
        assertThat(cells(TableConverter.toTable(core("Endpoints", "endpoints"), List.of(ep), "1", null, NOW), 0)
                .get(1)).isEqualTo("10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...");
        ObjectNode sec = Json.parseObject("""
                {"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"type":"kubernetes.io/tls",
                 "data":{"tls.crt":"eA==","tls.key":"eA=="}}""");
        assertThat(cells(TableConverter.toTable(core("Secret", "secrets"), List.of(sec), "1", null, NOW), 0))
                .containsExactly("s", "kubernetes.io/tls", "2", "<unknown>");
    }

    @Test
    void customResourceWithPrinterColumnsAndGenericFallback() {
        ResourceType gw = new ResourceType("networking.istio.io", "v1", "Gateway", "gateways", "gateway", true,
                List.of("gw"), List.of(), false, false, List.of("get"));
        ObjectNode g = Json.parseObject("""
                {"apiVersion":"networking.istio.io/v1","kind":"Gateway","metadata":{"name":"gw","creationTimestamp":"%s"},
                 "spec":{"servers":[{"port":{"number":443}}],"replicas":2},"status":{"conditions":[{"type":"Ready","status":"True"}]}}"""
                .formatted(CREATED));
        List<ObjectNode> cols = List.of(
                Json.parseObject("{\"name\":\"Port\",\"type\":\"integer\",\"jsonPath\":\".spec.servers[0].port.number\"}"),
                Json.parseObject("{\"name\":\"Ready\",\"type\":\"string\",\"jsonPath\":\".status.conditions[0].status\","
                        + "\"description\":\"ready?\"}"),
                Json.parseObject("{\"name\":\"Missing\",\"type\":\"string\",\"jsonPath\":\".spec.nothing\",\"priority\":1}"),
                Json.parseObject("{\"name\":\"Age\",\"type\":\"date\",\"jsonPath\":\".metadata.creationTimestamp\"}"));
        ObjectNode t = TableConverter.toTable(gw, List.of(g), "3", null, NOW, cols);
        assertThat(header(t, 0)).containsExactly("Name", "Port", "Ready", "Age");
        assertThat(header(t, 1)).containsExactly("Missing");
        assertThat(cells(t, 0)).containsExactly("gw", "443", "True", "<null>", "3m20s");
        assertThat(t.at("/rows/0/cells/1").isNumber()).isTrue();
        assertThat(t.at("/columnDefinitions/2/description").asString()).isEqualTo("ready?");

        ObjectNode generic = TableConverter.toTable(gw, List.of(g), "3", null, NOW);
        assertThat(header(generic, 0)).containsExactly("Name", "Age");
        assertThat(cells(generic, 0)).containsExactly("gw", "3m20s");
    }
}
