package dev.meshstage.backend.sim.table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.meshstage.backend.sim.patch.Json;
import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side printing: converts objects into a {@code meta.k8s.io/v1 Table} (what kube-apiserver returns for
 * {@code Accept: application/json;as=Table;v=v1;g=meta.k8s.io}) with the columns and cell formats of the
 * kube-apiserver printers ({@code pkg/printers/internalversion}). As on the real server, every column is
 * always filled; kubectl shows the priority-0 columns and adds the priority-1 ones for {@code -o wide}.
 * Resources without a printer get {@code Name} and {@code Age}; custom resources may pass their CRD's
 * {@code additionalPrinterColumns}.
 */
public final class TableConverter {

    private TableConverter() {
    }

    /** A column: {@code type} is integer, number, string, boolean or date; {@code format} e.g. {@code name}. */
    public record Column(String name, String type, String format, String description, int priority) {
        static Column of(String name, String type, String description) {
            return new Column(name, type, "", description, 0);
        }

        static Column wide(String name, String type, String description) {
            return new Column(name, type, "", description, 1);
        }
    }

    static final Column NAME = new Column("Name", "string", "name",
            "Name must be unique within a namespace. Is required when creating resources, although some resources "
                    + "may allow a client to request the generation of an appropriate name automatically. Name is "
                    + "primarily intended for creation idempotence and configuration definition. Cannot be updated.",
            0);
    static final Column AGE = Column.of("Age", "string",
            "CreationTimestamp is a timestamp representing the server time when this object was created.");

    public static ObjectNode toTable(ResourceType type, List<ObjectNode> objects, String listResourceVersion,
            String includeObject, Instant now) {
        return toTable(type, objects, listResourceVersion, includeObject, now, null);
    }

    /**
     * @param includeObject         {@code Metadata} (default when null), {@code None} or {@code Object}
     * @param additionalPrinterColumns for custom resources: the CRD version's {@code additionalPrinterColumns}
     *                              ({@code name, type, format, jsonPath, priority, description}); null or
     *                              empty gives {@code Name, Age}
     */
    public static ObjectNode toTable(ResourceType type, List<ObjectNode> objects, String listResourceVersion,
            String includeObject, Instant now, List<ObjectNode> additionalPrinterColumns) {
        Printer printer = printerFor(type, additionalPrinterColumns);
        ObjectNode table = Json.obj();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        ObjectNode meta = table.putObject("metadata");
        if (listResourceVersion != null) {
            meta.put("resourceVersion", listResourceVersion);
        }
        ArrayNode cols = table.putArray("columnDefinitions");
        for (Column c : printer.columns()) {
            ObjectNode o = cols.addObject();
            o.put("name", c.name());
            o.put("type", c.type());
            o.put("format", c.format());
            o.put("description", c.description());
            o.put("priority", c.priority());
        }
        ArrayNode rows = table.putArray("rows");
        String inc = includeObject == null || includeObject.isEmpty() ? "Metadata" : includeObject;
        for (ObjectNode obj : objects) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            printer.print(obj, now, cells, row);
            switch (inc) {
                case "None" -> {
                }
                case "Object" -> row.set("object", obj);
                default -> {
                    ObjectNode pom = row.putObject("object");
                    pom.put("kind", "PartialObjectMetadata");
                    pom.put("apiVersion", "meta.k8s.io/v1");
                    // shared, not copied: the table is serialised at once and never changed
                    pom.set("metadata", obj.has("metadata") ? obj.get("metadata") : Json.obj());
                }
            }
        }
        return table;
    }

    interface Printer {
        List<Column> columns();

        void print(ObjectNode o, Instant now, ArrayNode cells, ObjectNode row);
    }

    record SimplePrinter(List<Column> columns, RowFn fn) implements Printer {
        @Override
        public void print(ObjectNode o, Instant now, ArrayNode cells, ObjectNode row) {
            fn.print(o, now, cells, row);
        }
    }

    @FunctionalInterface
    interface RowFn {
        void print(ObjectNode o, Instant now, ArrayNode cells, ObjectNode row);
    }

    static Printer printerFor(ResourceType type, List<ObjectNode> printerColumns) {
        String g = type.group();
        String k = type.kind();
        if (g.isEmpty()) {
            switch (k) {
                case "Pod": return new SimplePrinter(POD_COLUMNS, TableConverter::printPod);
                case "Service": return new SimplePrinter(SERVICE_COLUMNS, TableConverter::printService);
                case "Node": return new SimplePrinter(NODE_COLUMNS, TableConverter::printNode);
                case "Namespace": return new SimplePrinter(List.of(NAME, Column.of("Status", "string",
                        "The status of the namespace"), AGE), (o, now, c, r) -> {
                            c.add(name(o));
                            c.add(orDefault(Json.text(o, "status", "phase"), "Active"));
                            c.add(age(o, now));
                        });
                case "Event": return new SimplePrinter(EVENT_COLUMNS, TableConverter::printEvent);
                case "Secret": return new SimplePrinter(List.of(NAME, Column.of("Type", "string",
                        "The type of the secret"), Column.of("Data", "string", "The number of entries in the secret"),
                        AGE), (o, now, c, r) -> {
                            c.add(name(o));
                            c.add(orDefault(Json.text(o, "type"), "Opaque"));
                            c.add(size(o.get("data")) + size(o.get("stringData")));
                            c.add(age(o, now));
                        });
                case "ConfigMap": return new SimplePrinter(List.of(NAME, Column.of("Data", "string",
                        "Number of data in configmap"), AGE), (o, now, c, r) -> {
                            c.add(name(o));
                            c.add(size(o.get("data")) + size(o.get("binaryData")));
                            c.add(age(o, now));
                        });
                case "Endpoints": return new SimplePrinter(List.of(NAME, Column.of("Endpoints", "string",
                        "Endpoints of the resource"), AGE), (o, now, c, r) -> {
                            c.add(name(o));
                            c.add(formatEndpoints(o.get("subsets")));
                            c.add(age(o, now));
                        });
                case "ServiceAccount": return new SimplePrinter(List.of(NAME, Column.of("Secrets", "string",
                        "Secrets is the list of secrets allowed to be used by pods running using this ServiceAccount"),
                        AGE), (o, now, c, r) -> {
                            c.add(name(o));
                            c.add(size(o.get("secrets")));
                            c.add(age(o, now));
                        });
                case "PersistentVolumeClaim": return new SimplePrinter(PVC_COLUMNS, TableConverter::printPvc);
                default: break;
            }
        } else if (g.equals("apps")) {
            switch (k) {
                case "Deployment": return new SimplePrinter(DEPLOYMENT_COLUMNS, TableConverter::printDeployment);
                case "ReplicaSet": return new SimplePrinter(REPLICASET_COLUMNS, TableConverter::printReplicaSet);
                case "StatefulSet": return new SimplePrinter(STATEFULSET_COLUMNS, TableConverter::printStatefulSet);
                case "DaemonSet": return new SimplePrinter(DAEMONSET_COLUMNS, TableConverter::printDaemonSet);
                default: break;
            }
        } else if (g.equals("events.k8s.io") && k.equals("Event")) {
            return new SimplePrinter(EVENT_COLUMNS, (o, now, c, r) -> printEvent(coreEvent(o), now, c, r));
        } else if (g.equals("batch") && k.equals("Job")) {
            return new SimplePrinter(JOB_COLUMNS, TableConverter::printJob);
        }
        Printer known = KindPrinters.of(type);
        if (known != null) {
            return known;
        }
        if (printerColumns != null && !printerColumns.isEmpty()) {
            return customPrinter(printerColumns);
        }
        return new SimplePrinter(List.of(NAME, new Column("Age", "date", "", AGE.description(), 0)),
                (o, now, c, r) -> {
                    c.add(name(o));
                    c.add(age(o, now));
                });
    }

    // ---------------------------------------------------------------- pods

    static final List<Column> POD_COLUMNS = List.of(NAME,
            Column.of("Ready", "string", "The aggregate readiness state of this pod for accepting traffic."),
            Column.of("Status", "string", "The aggregate status of the containers in this pod."),
            Column.of("Restarts", "string", "The number of times the containers in this pod have been restarted "
                    + "and when the last container in this pod has restarted."),
            AGE,
            Column.wide("IP", "string", "IP address allocated to the pod. Routable at least within the cluster."),
            Column.wide("Node", "string", "NodeName is a request to schedule this pod onto a specific node."),
            Column.wide("Nominated Node", "string", "nominatedNodeName is set only when this pod preempts other "
                    + "pods on the node, but it cannot be scheduled right away as preemption victims receive "
                    + "their graceful termination periods."),
            Column.wide("Readiness Gates", "string", "If specified, all readiness gates will be evaluated for pod "
                    + "readiness."));

    static void printPod(ObjectNode pod, Instant now, ArrayNode cells, ObjectNode row) {
        JsonNode spec = pod.path("spec");
        JsonNode status = pod.path("status");
        int restarts = 0;
        int totalContainers = spec.path("containers").size();
        int readyContainers = 0;
        Instant lastRestart = null;
        String phase = Json.text(status, "phase");
        String reason = orDefault(phase, "Pending");
        if (Json.text(status, "reason") != null && !Json.text(status, "reason").isEmpty()) {
            reason = Json.text(status, "reason");
        }
        for (JsonNode c : status.path("conditions").values()) {
            if ("PodScheduled".equals(Json.text(c, "type")) && "SchedulingGated".equals(Json.text(c, "reason"))) {
                reason = "SchedulingGated";
            }
        }
        boolean initializing = false;
        JsonNode inits = status.path("initContainerStatuses");
        int nInit = spec.path("initContainers").size();
        for (int i = 0; i < inits.size(); i++) {
            JsonNode cs = inits.get(i);
            restarts += cs.path("restartCount").asInt(0);
            lastRestart = later(lastRestart, Json.text(cs, "lastState", "terminated", "finishedAt"));
            JsonNode term = cs.path("state").get("terminated");
            JsonNode wait = cs.path("state").get("waiting");
            if (term != null && term.path("exitCode").asInt(0) == 0) {
                continue;
            } else if (term != null) {
                String r = Json.text(term, "reason");
                if (r == null || r.isEmpty()) {
                    int sig = term.path("signal").asInt(0);
                    reason = sig != 0 ? "Init:Signal:" + sig : "Init:ExitCode:" + term.path("exitCode").asInt(0);
                } else {
                    reason = "Init:" + r;
                }
            } else if (wait != null && Json.text(wait, "reason") != null && !Json.text(wait, "reason").isEmpty()
                    && !"PodInitializing".equals(Json.text(wait, "reason"))) {
                reason = "Init:" + Json.text(wait, "reason");
            } else {
                reason = "Init:" + i + "/" + nInit;
            }
            initializing = true;
            break;
        }
        boolean initializedTrue = false;
        boolean readyCondition = false;
        for (JsonNode c : status.path("conditions").values()) {
            if ("Initialized".equals(Json.text(c, "type")) && "True".equals(Json.text(c, "status"))) {
                initializedTrue = true;
            }
            if ("Ready".equals(Json.text(c, "type")) && "True".equals(Json.text(c, "status"))) {
                readyCondition = true;
            }
        }
        if (!initializing || initializedTrue) {
            restarts = 0;
            boolean hasRunning = false;
            JsonNode css = status.path("containerStatuses");
            for (int i = css.size() - 1; i >= 0; i--) {
                JsonNode cs = css.get(i);
                restarts += cs.path("restartCount").asInt(0);
                lastRestart = later(lastRestart, Json.text(cs, "lastState", "terminated", "finishedAt"));
                JsonNode state = cs.path("state");
                JsonNode term = state.get("terminated");
                String waitReason = Json.text(state, "waiting", "reason");
                String termReason = term == null ? null : Json.text(term, "reason");
                if (waitReason != null && !waitReason.isEmpty()) {
                    reason = waitReason;
                } else if (termReason != null && !termReason.isEmpty()) {
                    reason = termReason;
                } else if (term != null) {
                    int sig = term.path("signal").asInt(0);
                    reason = sig != 0 ? "Signal:" + sig : "ExitCode:" + term.path("exitCode").asInt(0);
                } else if (cs.path("ready").asBoolean(false) && state.has("running")) {
                    hasRunning = true;
                    readyContainers++;
                }
            }
            if ("Completed".equals(reason) && hasRunning) {
                reason = readyCondition ? "Running" : "NotReady";
            }
        }
        boolean terminal = "Succeeded".equals(phase) || "Failed".equals(phase);
        if (pod.path("metadata").has("deletionTimestamp") && "NodeLost".equals(Json.text(status, "reason"))) {
            reason = "Unknown";
        } else if (pod.path("metadata").has("deletionTimestamp") && !terminal) {
            reason = "Terminating";
        }
        String restartsStr = Integer.toString(restarts);
        if (restarts != 0 && lastRestart != null) {
            restartsStr = restarts + " (" + Durations.humanDuration(java.time.Duration.between(lastRestart, now))
                    + " ago)";
        }
        cells.add(name(pod));
        cells.add(readyContainers + "/" + totalContainers);
        cells.add(reason);
        cells.add(restartsStr);
        cells.add(age(pod, now));
        String ip = Json.text(status, "podIPs", "0", "ip");
        if (ip == null) {
            JsonNode ips = status.path("podIPs");
            ip = ips.isArray() && !ips.isEmpty() ? Json.text(ips.get(0), "ip") : Json.text(status, "podIP");
        }
        cells.add(orDefault(ip, "<none>"));
        cells.add(orDefault(Json.text(spec, "nodeName"), "<none>"));
        cells.add(orDefault(Json.text(status, "nominatedNodeName"), "<none>"));
        String gates = "<none>";
        JsonNode rg = spec.path("readinessGates");
        if (rg.isArray() && !rg.isEmpty()) {
            int ok = 0;
            for (JsonNode g : rg.values()) {
                for (JsonNode c : status.path("conditions").values()) {
                    if (Json.same(c.get("type"), g.get("conditionType"))) {
                        if ("True".equals(Json.text(c, "status"))) {
                            ok++;
                        }
                        break;
                    }
                }
            }
            gates = ok + "/" + rg.size();
        }
        cells.add(gates);
        if (terminal) {
            ObjectNode cond = row.putArray("conditions").addObject();
            cond.put("type", "Completed");
            cond.put("status", "True");
            cond.put("reason", phase);
            cond.put("message", "Succeeded".equals(phase) ? "The pod has completed successfully." : "The pod failed.");
        }
    }

    private static Instant later(Instant cur, String ts) {
        Instant t = Durations.parse(ts);
        if (t == null) {
            return cur;
        }
        return cur == null || t.isAfter(cur) ? t : cur;
    }

    // ---------------------------------------------------------------- services

    static final List<Column> SERVICE_COLUMNS = List.of(NAME,
            Column.of("Type", "string", "type determines how the Service is exposed."),
            Column.of("Cluster-IP", "string", "clusterIP is the IP address of the service and is usually assigned "
                    + "randomly."),
            Column.of("External-IP", "string", "externalIPs is a list of IP addresses for which nodes in the "
                    + "cluster will also accept traffic for this service."),
            Column.of("Port(s)", "string", "The list of ports that are exposed by this service."),
            AGE,
            Column.wide("Selector", "string", "Route service traffic to pods with label keys and values matching "
                    + "this selector."));

    static void printService(ObjectNode svc, Instant now, ArrayNode cells, ObjectNode row) {
        JsonNode spec = svc.path("spec");
        String type = orDefault(Json.text(spec, "type"), "ClusterIP");
        String clusterIp = "<none>";
        JsonNode ips = spec.path("clusterIPs");
        if (ips.isArray() && !ips.isEmpty()) {
            clusterIp = ips.get(0).asString();
        } else if (Json.text(spec, "clusterIP") != null && !Json.text(spec, "clusterIP").isEmpty()) {
            clusterIp = Json.text(spec, "clusterIP");
        }
        List<String> externalIps = strings(spec.path("externalIPs"));
        String external;
        switch (type) {
            case "ClusterIP", "NodePort" -> external = externalIps.isEmpty() ? "<none>" : String.join(",", externalIps);
            case "LoadBalancer" -> {
                List<String> lb = new ArrayList<>();
                for (JsonNode ing : svc.path("status").path("loadBalancer").path("ingress").values()) {
                    String ip = Json.text(ing, "ip");
                    String host = Json.text(ing, "hostname");
                    if (ip != null && !ip.isEmpty()) {
                        lb.add(ip);
                    } else if (host != null && !host.isEmpty()) {
                        lb.add(host);
                    }
                }
                lb.addAll(externalIps);
                external = lb.isEmpty() ? "<pending>" : String.join(",", lb);
            }
            case "ExternalName" -> external = orDefault(Json.text(spec, "externalName"), "");
            default -> external = "<unknown>";
        }
        List<String> ports = new ArrayList<>();
        for (JsonNode p : spec.path("ports").values()) {
            String proto = orDefault(Json.text(p, "protocol"), "TCP");
            int nodePort = p.path("nodePort").asInt(0);
            ports.add(nodePort > 0 ? p.path("port").asInt() + ":" + nodePort + "/" + proto
                    : p.path("port").asInt() + "/" + proto);
        }
        cells.add(name(svc));
        cells.add(type);
        cells.add(clusterIp);
        cells.add(external);
        cells.add(ports.isEmpty() ? "<none>" : String.join(",", ports));
        cells.add(age(svc, now));
        cells.add(formatLabels(spec.get("selector")));
    }

    // ---------------------------------------------------------------- nodes

    static final List<Column> NODE_COLUMNS = List.of(NAME,
            Column.of("Status", "string", "The status of the node"),
            Column.of("Roles", "string", "The roles of the node"),
            AGE,
            Column.of("Version", "string", "Kubelet Version reported by the node."),
            Column.wide("Internal-IP", "string", "List of addresses reachable to the node. Queried from cloud "
                    + "provider, if available."),
            Column.wide("External-IP", "string", "List of addresses reachable to the node. Queried from cloud "
                    + "provider, if available."),
            Column.wide("OS-Image", "string", "OS Image reported by the node from /etc/os-release (e.g. Debian "
                    + "GNU/Linux 7 (wheezy))."),
            Column.wide("Kernel-Version", "string", "Kernel Version reported by the node from 'uname -r' (e.g. "
                    + "3.16.0-0.bpo.4-amd64)."),
            Column.wide("Container-Runtime", "string", "ContainerRuntime Version reported by the node through "
                    + "runtime remote API (e.g. containerd://1.4.2)."));

    static void printNode(ObjectNode node, Instant now, ArrayNode cells, ObjectNode row) {
        List<String> status = new ArrayList<>();
        for (JsonNode c : node.path("status").path("conditions").values()) {
            if ("Ready".equals(Json.text(c, "type"))) {
                status.add("True".equals(Json.text(c, "status")) ? "Ready" : "NotReady");
            }
        }
        if (status.isEmpty()) {
            status.add("Unknown");
        }
        if (node.path("spec").path("unschedulable").asBoolean(false)) {
            status.add("SchedulingDisabled");
        }
        TreeSet<String> roles = new TreeSet<>();
        for (Map.Entry<String, JsonNode> l : node.path("metadata").path("labels").properties()) {
            if (l.getKey().startsWith("node-role.kubernetes.io/")) {
                String r = l.getKey().substring("node-role.kubernetes.io/".length());
                if (!r.isEmpty()) {
                    roles.add(r);
                }
            } else if (l.getKey().equals("kubernetes.io/role") && !l.getValue().asString().isEmpty()) {
                roles.add(l.getValue().asString());
            }
        }
        JsonNode info = node.path("status").path("nodeInfo");
        cells.add(name(node));
        cells.add(String.join(",", status));
        cells.add(roles.isEmpty() ? "<none>" : String.join(",", roles));
        cells.add(age(node, now));
        cells.add(orDefault(Json.text(info, "kubeletVersion"), ""));
        cells.add(nodeAddress(node, "InternalIP"));
        cells.add(nodeAddress(node, "ExternalIP"));
        cells.add(orDefault(Json.text(info, "osImage"), "<unknown>"));
        cells.add(orDefault(Json.text(info, "kernelVersion"), "<unknown>"));
        cells.add(orDefault(Json.text(info, "containerRuntimeVersion"), "<unknown>"));
    }

    private static String nodeAddress(JsonNode node, String type) {
        for (JsonNode a : node.path("status").path("addresses").values()) {
            if (type.equals(Json.text(a, "type"))) {
                return orDefault(Json.text(a, "address"), "<none>");
            }
        }
        return "<none>";
    }

    // ---------------------------------------------------------------- events

    static final List<Column> EVENT_COLUMNS = List.of(
            Column.of("Last Seen", "string", "The last time that the event was seen"),
            Column.of("Type", "string", "Type of this event (Normal, Warning), new types could be added in the "
                    + "future"),
            Column.of("Reason", "string", "This should be a short, machine understandable string that gives the "
                    + "reason for the transition into the object's current status."),
            Column.of("Object", "string", "The object that this event is about."),
            Column.wide("Subobject", "string", "The field of the object that the event is about."),
            Column.wide("Source", "string", "The component reporting this event."),
            Column.of("Message", "string", "A human-readable description of the status of this operation."),
            Column.wide("First Seen", "string", "The first time that the event was seen"),
            Column.wide("Count", "string", "The number of times this event has occurred."),
            Column.wide("Name", "string", "Name of the event"));

    /** An events.k8s.io/v1 Event with the core/v1 field names the printer reads (the server prints both alike). */
    static ObjectNode coreEvent(ObjectNode v1) {
        ObjectNode core = v1.deepCopy();
        String[][] renames = {{"regarding", "involvedObject"}, {"note", "message"}, {"reportingController", "reportingComponent"},
                {"deprecatedSource", "source"}, {"deprecatedFirstTimestamp", "firstTimestamp"},
                {"deprecatedLastTimestamp", "lastTimestamp"}, {"deprecatedCount", "count"}};
        for (String[] r : renames) {
            JsonNode v = core.remove(r[0]);
            if (v != null) {
                core.set(r[1], v);
            }
        }
        return core;
    }

    static void printEvent(ObjectNode ev, Instant now, ArrayNode cells, ObjectNode row) {
        String first = Durations.parse(Json.text(ev, "firstTimestamp")) != null
                ? Durations.since(Json.text(ev, "firstTimestamp"), now)
                : Durations.since(Json.text(ev, "eventTime"), now);
        String last = Durations.parse(Json.text(ev, "lastTimestamp")) != null
                ? Durations.since(Json.text(ev, "lastTimestamp"), now) : first;
        long count = ev.path("count").asLong(0);
        JsonNode series = ev.get("series");
        if (series != null && series.isObject()) {
            last = Durations.since(Json.text(series, "lastObservedTime"), now);
            count = series.path("count").asLong(0);
        } else if (count == 0) {
            count = 1;
        }
        JsonNode inv = ev.path("involvedObject");
        String kind = orDefault(Json.text(inv, "kind"), "").toLowerCase(java.util.Locale.ROOT);
        String invName = Json.text(inv, "name");
        String target = invName != null && !invName.isEmpty() ? kind + "/" + invName : kind;
        String source;
        String component = Json.text(ev, "source", "component");
        if (component != null && !component.isEmpty()) {
            String host = Json.text(ev, "source", "host");
            source = host != null && !host.isEmpty() ? component + ", " + host : component;
        } else {
            String rc = orDefault(Json.text(ev, "reportingComponent"), "");
            String ri = orDefault(Json.text(ev, "reportingInstance"), "");
            source = ri.isEmpty() ? rc : rc + ", " + ri;
        }
        cells.add(last);
        cells.add(orDefault(Json.text(ev, "type"), ""));
        cells.add(orDefault(Json.text(ev, "reason"), ""));
        cells.add(target);
        cells.add(orDefault(Json.text(inv, "fieldPath"), ""));
        cells.add(source);
        cells.add(orDefault(Json.text(ev, "message"), "").strip());
        cells.add(first);
        cells.add(count);
        cells.add(name(ev));
    }

    // ---------------------------------------------------------------- workloads

    static final Column CONTAINERS = Column.wide("Containers", "string", "Names of each container in the template.");
    static final Column IMAGES = Column.wide("Images", "string", "Images referenced by each container in the "
            + "template.");
    static final Column SELECTOR = Column.wide("Selector", "string", "Label selector for pods. Existing "
            + "ReplicaSets whose pods are selected by this will be the ones affected by this deployment.");

    static final List<Column> DEPLOYMENT_COLUMNS = List.of(NAME,
            Column.of("Ready", "string", "Number of the pod with ready state"),
            Column.of("Up-to-date", "string", "Total number of non-terminated pods targeted by this deployment "
                    + "that have the desired template spec."),
            Column.of("Available", "string", "Total number of available pods (ready for at least minReadySeconds) "
                    + "targeted by this deployment."),
            AGE, CONTAINERS, IMAGES, SELECTOR);

    static void printDeployment(ObjectNode d, Instant now, ArrayNode cells, ObjectNode row) {
        JsonNode st = d.path("status");
        cells.add(name(d));
        cells.add(st.path("readyReplicas").asLong(0) + "/" + replicas(d));
        cells.add(st.path("updatedReplicas").asLong(0));
        cells.add(st.path("availableReplicas").asLong(0));
        cells.add(age(d, now));
        addContainersImages(d, cells);
        cells.add(formatSelector(d.path("spec").get("selector")));
    }

    static final List<Column> REPLICASET_COLUMNS = List.of(NAME,
            Column.of("Desired", "integer", "Replicas is the number of desired replicas."),
            Column.of("Current", "integer", "Replicas is the most recently observed number of replicas."),
            Column.of("Ready", "integer", "The number of ready replicas for this replica set."),
            AGE, CONTAINERS, IMAGES, SELECTOR);

    static void printReplicaSet(ObjectNode rs, Instant now, ArrayNode cells, ObjectNode row) {
        JsonNode st = rs.path("status");
        cells.add(name(rs));
        cells.add(replicas(rs));
        cells.add(st.path("replicas").asLong(0));
        cells.add(st.path("readyReplicas").asLong(0));
        cells.add(age(rs, now));
        addContainersImages(rs, cells);
        cells.add(formatSelector(rs.path("spec").get("selector")));
    }

    static final List<Column> STATEFULSET_COLUMNS = List.of(NAME,
            Column.of("Ready", "string", "Number of the pod with ready state"), AGE, CONTAINERS, IMAGES);

    static void printStatefulSet(ObjectNode s, Instant now, ArrayNode cells, ObjectNode row) {
        cells.add(name(s));
        cells.add(s.path("status").path("readyReplicas").asLong(0) + "/" + replicas(s));
        cells.add(age(s, now));
        addContainersImages(s, cells);
    }

    static final List<Column> DAEMONSET_COLUMNS = List.of(NAME,
            Column.of("Desired", "integer", "The total number of nodes that should be running the daemon pod "
                    + "(including nodes correctly running the daemon pod)."),
            Column.of("Current", "integer", "The number of nodes that are running at least 1 daemon pod and are "
                    + "supposed to run the daemon pod."),
            Column.of("Ready", "integer", "numberReady is the number of nodes that should be running the daemon "
                    + "pod and have one or more of the daemon pod running with a Ready Condition."),
            Column.of("Up-to-date", "integer", "The total number of nodes that are running updated daemon pod"),
            Column.of("Available", "integer", "The number of nodes that should be running the daemon pod and have "
                    + "one or more of the daemon pod running and available (ready for at least "
                    + "spec.minReadySeconds)"),
            Column.of("Node Selector", "string", "NodeSelector is a selector which must be true for the pod to fit "
                    + "on a node. Selector which must match a node's labels for the pod to be scheduled on that "
                    + "node."),
            AGE, CONTAINERS, IMAGES, SELECTOR);

    static void printDaemonSet(ObjectNode ds, Instant now, ArrayNode cells, ObjectNode row) {
        JsonNode st = ds.path("status");
        cells.add(name(ds));
        cells.add(st.path("desiredNumberScheduled").asLong(0));
        cells.add(st.path("currentNumberScheduled").asLong(0));
        cells.add(st.path("numberReady").asLong(0));
        cells.add(st.path("updatedNumberScheduled").asLong(0));
        cells.add(st.path("numberAvailable").asLong(0));
        cells.add(formatLabels(ds.path("spec").path("template").path("spec").get("nodeSelector")));
        cells.add(age(ds, now));
        addContainersImages(ds, cells);
        cells.add(formatSelector(ds.path("spec").get("selector")));
    }

    static final List<Column> JOB_COLUMNS = List.of(NAME,
            Column.of("Status", "string", "Status of the job."),
            Column.of("Completions", "string", "The successful pods of the job versus its desired completions."),
            Column.of("Duration", "string", "Time required to complete the job."),
            AGE, CONTAINERS, IMAGES, SELECTOR);

    static void printJob(ObjectNode job, Instant now, ArrayNode cells, ObjectNode row) {
        JsonNode spec = job.path("spec");
        JsonNode st = job.path("status");
        long succeeded = st.path("succeeded").asLong(0);
        String completions;
        if (spec.has("completions") && !spec.get("completions").isNull()) {
            completions = succeeded + "/" + spec.get("completions").asLong();
        } else {
            long par = spec.path("parallelism").asLong(0);
            completions = par > 1 ? succeeded + "/1 of " + par : succeeded + "/1";
        }
        Instant start = Durations.parse(Json.text(st, "startTime"));
        Instant done = Durations.parse(Json.text(st, "completionTime"));
        String duration = "";
        if (start != null) {
            duration = Durations.humanDuration(java.time.Duration.between(start, done == null ? now : done));
        }
        String status;
        if (hasCondition(st, "Complete")) {
            status = "Complete";
        } else if (hasCondition(st, "Failed")) {
            status = "Failed";
        } else if (job.path("metadata").has("deletionTimestamp")) {
            status = "Terminating";
        } else if (hasCondition(st, "Suspended")) {
            status = "Suspended";
        } else if (hasCondition(st, "FailureTarget")) {
            status = "FailureTarget";
        } else if (hasCondition(st, "SuccessCriteriaMet")) {
            status = "SuccessCriteriaMet";
        } else {
            status = "Running";
        }
        cells.add(name(job));
        cells.add(status);
        cells.add(completions);
        cells.add(duration);
        cells.add(age(job, now));
        addContainersImages(job, cells);
        cells.add(formatSelector(spec.get("selector")));
    }

    static final List<Column> PVC_COLUMNS = List.of(NAME,
            Column.of("Status", "string", "Phase represents the current phase of PersistentVolumeClaim."),
            Column.of("Volume", "string", "volumeName is the binding reference to the PersistentVolume backing "
                    + "this claim."),
            Column.of("Capacity", "string", "capacity represents the actual resources of the underlying volume."),
            Column.of("Access Modes", "string", "accessModes contains the actual access modes the volume backing "
                    + "the PVC has."),
            Column.of("StorageClass", "string", "storageClassName is the name of the StorageClass required by the "
                    + "claim."),
            Column.of("VolumeAttributesClass", "string", "volumeAttributesClassName may be used to set the "
                    + "VolumeAttributesClass used by this claim."),
            AGE,
            Column.wide("VolumeMode", "string", "volumeMode defines what type of volume is required by the "
                    + "claim."));

    static void printPvc(ObjectNode pvc, Instant now, ArrayNode cells, ObjectNode row) {
        JsonNode spec = pvc.path("spec");
        JsonNode st = pvc.path("status");
        String phase = orDefault(Json.text(st, "phase"), "");
        if (pvc.path("metadata").has("deletionTimestamp")) {
            phase = "Terminating";
        }
        String capacity = "";
        String modes = "";
        String volumeName = orDefault(Json.text(spec, "volumeName"), "");
        if (!volumeName.isEmpty()) {
            List<String> m = new ArrayList<>();
            for (String a : strings(st.path("accessModes"))) {
                switch (a) {
                    case "ReadWriteOnce" -> m.add("RWO");
                    case "ReadOnlyMany" -> m.add("ROX");
                    case "ReadWriteMany" -> m.add("RWX");
                    case "ReadWriteOncePod" -> m.add("RWOP");
                    default -> {
                    }
                }
            }
            modes = String.join(",", m);
            capacity = orDefault(Json.text(st, "capacity", "storage"), "");
        }
        String sc = Json.text(spec, "storageClassName");
        if (sc == null) {
            sc = orDefault(Json.text(pvc, "metadata", "annotations", "volume.beta.kubernetes.io/storage-class"), "");
        }
        cells.add(name(pvc));
        cells.add(phase);
        cells.add(volumeName);
        cells.add(capacity);
        cells.add(modes);
        cells.add(sc);
        cells.add(orDefault(Json.text(spec, "volumeAttributesClassName"), "<unset>"));
        cells.add(age(pvc, now));
        cells.add(orDefault(Json.text(spec, "volumeMode"), "<unset>"));
    }

    // ---------------------------------------------------------------- custom resources

    static Printer customPrinter(List<ObjectNode> defs) {
        List<Column> cols = new ArrayList<>();
        cols.add(NAME);
        for (ObjectNode d : defs) {
            cols.add(new Column(Json.text(d, "name"), orDefault(Json.text(d, "type"), "string"),
                    orDefault(Json.text(d, "format"), ""), orDefault(Json.text(d, "description"), ""),
                    d.path("priority").asInt(0)));
        }
        return new SimplePrinter(cols, (o, now, cells, row) -> {
            cells.add(name(o));
            for (ObjectNode d : defs) {
                JsonNode v = JsonPathLite.eval(o, orDefault(Json.text(d, "jsonPath"), ""));
                String type = orDefault(Json.text(d, "type"), "string");
                if (v == null || v.isNull() || v.isMissingNode()) {
                    cells.addNull();
                } else if ("date".equals(type) && v.isString()) {
                    cells.add(Durations.since(v.asString(), now));
                } else if (("integer".equals(type) || "number".equals(type)) && v.isNumber()) {
                    cells.add(v);
                } else if ("boolean".equals(type) && v.isBoolean()) {
                    cells.add(v);
                } else if (v.isContainer()) {
                    cells.add(Json.write(v));
                } else {
                    cells.add(v.asString());
                }
            }
        });
    }

    // ---------------------------------------------------------------- helpers

    static String name(JsonNode o) {
        return orDefault(Json.text(o, "metadata", "name"), "");
    }

    static String age(JsonNode o, Instant now) {
        return Durations.since(Json.text(o, "metadata", "creationTimestamp"), now);
    }

    static long replicas(JsonNode o) {
        JsonNode r = o.path("spec").get("replicas");
        return r == null || r.isNull() ? 1 : r.asLong();
    }

    static int size(JsonNode n) {
        return n == null || n.isNull() ? 0 : n.size();
    }

    static String orDefault(String s, String def) {
        return s == null || s.isEmpty() ? def : s;
    }

    static List<String> strings(JsonNode arr) {
        List<String> out = new ArrayList<>();
        if (arr != null && arr.isArray()) {
            arr.values().forEach(v -> out.add(v.asString()));
        }
        return out;
    }

    static boolean hasCondition(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions").values()) {
            if (type.equals(Json.text(c, "type")) && "True".equals(Json.text(c, "status"))) {
                return true;
            }
        }
        return false;
    }

    static void addContainersImages(JsonNode o, ArrayNode cells) {
        JsonNode podSpec = "Job".equals(Json.text(o, "kind")) || o.path("spec").has("template")
                ? o.path("spec").path("template").path("spec") : o.path("spec");
        List<String> names = new ArrayList<>();
        List<String> images = new ArrayList<>();
        for (JsonNode c : podSpec.path("containers").values()) {
            names.add(orDefault(Json.text(c, "name"), ""));
            images.add(orDefault(Json.text(c, "image"), ""));
        }
        cells.add(String.join(",", names));
        cells.add(String.join(",", images));
    }

    /** {@code labels.FormatLabels}: sorted {@code k=v} pairs, {@code <none>} when empty. */
    static String formatLabels(JsonNode map) {
        if (map == null || !map.isObject() || map.isEmpty()) {
            return "<none>";
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        map.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asString()));
        List<String> parts = new ArrayList<>();
        sorted.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(",", parts);
    }

    /** {@code metav1.LabelSelectorAsSelector(sel).String()}: requirements sorted by key. */
    static String formatSelector(JsonNode sel) {
        if (sel == null || sel.isNull()) {
            return "<none>";
        }
        TreeMap<String, List<String>> reqs = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : sel.path("matchLabels").properties()) {
            reqs.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getKey() + "=" + e.getValue().asString());
        }
        for (JsonNode ex : sel.path("matchExpressions").values()) {
            String key = orDefault(Json.text(ex, "key"), "");
            List<String> vals = new ArrayList<>(new TreeSet<>(strings(ex.path("values"))));
            String op = orDefault(Json.text(ex, "operator"), "");
            String r = switch (op) {
                case "In" -> key + " in (" + String.join(",", vals) + ")";
                case "NotIn" -> key + " notin (" + String.join(",", vals) + ")";
                case "Exists" -> key;
                case "DoesNotExist" -> "!" + key;
                default -> key + " " + op;
            };
            reqs.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        List<String> all = new ArrayList<>();
        reqs.values().forEach(all::addAll);
        return String.join(",", all);
    }

    /** {@code formatEndpoints}: up to three {@code ip:port} entries, then {@code + N more...}. */
    static String formatEndpoints(JsonNode subsets) {
        if (subsets == null || !subsets.isArray() || subsets.isEmpty()) {
            return "<none>";
        }
        List<String> list = new ArrayList<>();
        int max = 3;
        boolean more = false;
        int count = 0;
        for (JsonNode ss : subsets.values()) {
            JsonNode addrs = ss.path("addresses");
            JsonNode ports = ss.path("ports");
            if (ports.isEmpty()) {
                count += addrs.size();
                for (JsonNode a : addrs.values()) {
                    if (list.size() == max) {
                        more = true;
                        break;
                    }
                    list.add(Json.text(a, "ip"));
                }
                continue;
            }
            for (JsonNode p : ports.values()) {
                count += addrs.size();
                for (JsonNode a : addrs.values()) {
                    if (list.size() == max) {
                        more = true;
                        break;
                    }
                    String ip = orDefault(Json.text(a, "ip"), "");
                    String host = ip.contains(":") ? "[" + ip + "]" : ip;
                    list.add(host + ":" + p.path("port").asInt());
                }
            }
        }
        String ret = String.join(",", list);
        return more ? ret + " + " + (count - max) + " more..." : ret;
    }
}
