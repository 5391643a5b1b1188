package dev.meshstage.backend.sim.table;

import dev.meshstage.backend.sim.patch.Json;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.backend.sim.table.TableConverter.Column;
import dev.meshstage.backend.sim.table.TableConverter.Printer;
import dev.meshstage.backend.sim.table.TableConverter.SimplePrinter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.meshstage.backend.sim.table.TableConverter.AGE;
import static dev.meshstage.backend.sim.table.TableConverter.IMAGES;
import static dev.meshstage.backend.sim.table.TableConverter.CONTAINERS;
import static dev.meshstage.backend.sim.table.TableConverter.NAME;
import static dev.meshstage.backend.sim.table.TableConverter.SELECTOR;
import static dev.meshstage.backend.sim.table.TableConverter.age;
import static dev.meshstage.backend.sim.table.TableConverter.formatSelector;
import static dev.meshstage.backend.sim.table.TableConverter.name;
import static dev.meshstage.backend.sim.table.TableConverter.orDefault;
import static dev.meshstage.backend.sim.table.TableConverter.size;
import static dev.meshstage.backend.sim.table.TableConverter.strings;

/**
 * The server-side printer columns of the kinds beyond pods, services and workloads, as kube-apiserver's
 * {@code pkg/printers/internalversion} prints them: batch, RBAC, storage, discovery, coordination, networking,
 * policy, autoscaling, admission, apiextensions, scheduling, certificates, apiregistration, flowcontrol, node.
 */
final class KindPrinters {

    private static final Column CREATED_AT = new Column("Created At", "date", "", "CreationTimestamp is a timestamp "
            + "representing the server time when this object was created.", 0);

    private KindPrinters() {
    }

    /** The printer of a built-in kind, or null when {@link TableConverter} has it (or none exists). */
    static Printer of(ResourceType type) {
        return switch (type.groupResource()) {
            case "cronjobs.batch" -> printer(KindPrinters::cronJob, NAME, col("Schedule", "The schedule in Cron format"),
                    col("Timezone", "The time zone name for the given schedule"), col("Suspend", "This flag tells the controller to suspend subsequent executions"),
                    new Column("Active", "integer", "", "A list of pointers to currently running jobs.", 0),
                    col("Last Schedule", "Information when was the last time the job was successfully scheduled."), AGE,
                    CONTAINERS, IMAGES, SELECTOR);
            case "roles.rbac.authorization.k8s.io", "clusterroles.rbac.authorization.k8s.io", "customresourcedefinitions.apiextensions.k8s.io" ->
                    printer((o, now, c) -> {
                        c.add(name(o));
                        c.add(orDefault(Json.text(o, "metadata", "creationTimestamp"), ""));
                    }, NAME, CREATED_AT);
            case "rolebindings.rbac.authorization.k8s.io", "clusterrolebindings.rbac.authorization.k8s.io" ->
                    printer(KindPrinters::binding, NAME, col("Role", "Role to which the binding refers"), AGE,
                            wide("Users", "Users in the binding"), wide("Groups", "Groups in the binding"),
                            wide("ServiceAccounts", "ServiceAccounts in the binding"));
            case "storageclasses.storage.k8s.io" -> printer(KindPrinters::storageClass, NAME,
                    col("Provisioner", "Indicates the type of the provisioner."),
                    col("ReclaimPolicy", "Indicates the type of the reclaim policy."),
                    col("VolumeBindingMode", "Indicates the type of the volume binding mode."),
                    new Column("AllowVolumeExpansion", "boolean", "", "Indicates whether the storage class allows volume expand", 0), AGE);
            case "persistentvolumes" -> printer(KindPrinters::persistentVolume, NAME, col("Capacity", "capacity is the description of the persistent volume's resources and capacity."),
                    col("Access Modes", "accessModes contains all ways the volume can be mounted."),
                    col("Reclaim Policy", "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim."),
                    col("Status", "phase indicates if a volume is available, bound to a claim, or released by a claim."),
                    col("Claim", "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim."),
                    col("StorageClass", "storageClassName is the name of StorageClass to which this persistent volume belongs."),
                    col("VolumeAttributesClass", "Name of VolumeAttributesClass to which this persistent volume belongs."),
                    col("Reason", "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI."),
                    AGE, wide("VolumeMode", "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state."));
            case "endpointslices.discovery.k8s.io" -> printer(KindPrinters::endpointSlice, NAME,
                    col("AddressType", "addressType specifies the type of address carried by this EndpointSlice."),
                    col("Ports", "ports specifies the list of network ports exposed by each endpoint in this slice."),
                    col("Endpoints", "endpoints is a list of unique endpoints in this slice."), AGE);
            case "leases.coordination.k8s.io" -> printer((o, now, c) -> {
                c.add(name(o));
                c.add(orDefault(Json.text(o, "spec", "holderIdentity"), "<none>"));
                c.add(age(o, now));
            }, NAME, col("Holder", "holderIdentity contains the identity of the holder of a current lease."), AGE);
            case "mutatingwebhookconfigurations.admissionregistration.k8s.io", "validatingwebhookconfigurations.admissionregistration.k8s.io" ->
                    printer((o, now, c) -> {
                        c.add(name(o));
                        c.add(size(o.get("webhooks")));
                        c.add(age(o, now));
                    }, NAME, new Column("Webhooks", "integer", "", "Webhooks indicates the number of webhooks in the configuration", 0), AGE);
            case "priorityclasses.scheduling.k8s.io" -> printer((o, now, c) -> {
                c.add(name(o));
                c.add(o.path("value").asLong(0));
                c.add(o.path("globalDefault").asBoolean(false));
                c.add(age(o, now));
                c.add(orDefault(Json.text(o, "preemptionPolicy"), "PreemptLowerPriority"));
            }, NAME, new Column("Value", "integer", "", "value represents the integer value of this priority class.", 0),
                    new Column("Global-Default", "boolean", "", "globalDefault specifies whether this PriorityClass should be considered as the default priority.", 0),
                    AGE, col("PreemptionPolicy", "preemptionPolicy is the Policy for preempting pods with lower priority."));
            case "horizontalpodautoscalers.autoscaling" -> printer(KindPrinters::hpa, NAME,
                    col("Reference", "reference to scaled resource"), col("Targets", "current/target metrics"),
                    new Column("MinPods", "string", "", "minReplicas is the lower limit for the number of replicas.", 0),
                    new Column("MaxPods", "integer", "", "maxReplicas is the upper limit for the number of replicas.", 0),
                    new Column("Replicas", "integer", "", "currentReplicas is current number of replicas of pods managed by this autoscaler.", 0), AGE);
            case "ingresses.networking.k8s.io" -> printer(KindPrinters::ingress, NAME, col("Class", "ingressClassName"),
                    col("Hosts", "Hosts that incoming requests are matched against before the ingress rule"),
                    col("Address", "Address is a list containing ingress points for the load-balancer"),
                    col("Ports", "Ports of TLS configurations that open"), AGE);
            case "ingressclasses.networking.k8s.io" -> printer((o, now, c) -> {
                c.add(name(o));
                c.add(orDefault(Json.text(o, "spec", "controller"), ""));
                JsonNode p = o.path("spec").path("parameters");
                c.add(p.isObject() ? orDefault(Json.text(p, "kind"), "") + "/" + orDefault(Json.text(p, "name"), "") : "<none>");
                c.add(age(o, now));
            }, NAME, col("Controller", "Controller that is responsible for handling this class"),
                    col("Parameters", "A reference to a resource with additional parameters"), AGE);
            case "networkpolicies.networking.k8s.io" -> printer((o, now, c) -> {
                c.add(name(o));
                String sel = formatSelector(o.path("spec").get("podSelector"));
                c.add(sel.isEmpty() ? "<none>" : sel);
                c.add(age(o, now));
            }, NAME, col("Pod-Selector", "Selects the pods to which this NetworkPolicy object applies."), AGE);
            case "poddisruptionbudgets.policy" -> printer((o, now, c) -> {
                c.add(name(o));
                JsonNode spec = o.path("spec");
                c.add(spec.has("minAvailable") ? spec.get("minAvailable").asString() : "N/A");
                c.add(spec.has("maxUnavailable") ? spec.get("maxUnavailable").asString() : "N/A");
                c.add(o.path("status").path("disruptionsAllowed").asLong(0));
                c.add(age(o, now));
            }, NAME, col("Min Available", "The minimum number of pods that must be available simultaneously."),
                    col("Max Unavailable", "The maximum number of pods that may be unavailable simultaneously."),
                    new Column("Allowed Disruptions", "integer", "", "Calculated number of pods that may be disrupted at this time.", 0), AGE);
            case "controllerrevisions.apps" -> printer((o, now, c) -> {
                c.add(name(o));
                String controller = "<none>";
                for (JsonNode ref : o.path("metadata").path("ownerReferences")) {
                    if (ref.path("controller").asBoolean(false)) {
                        String apiVersion = ref.path("apiVersion").asString("");
                        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
                        controller = ref.path("kind").asString("").toLowerCase() + (group.isEmpty() ? "" : "." + group) + "/" + ref.path("name").asString("");
                    }
                }
                c.add(controller);
                c.add(o.path("revision").asLong(0));
                c.add(age(o, now));
            }, NAME, col("Controller", "Controller of the object"),
                    new Column("Revision", "integer", "", "Revision indicates the revision of the state represented by Data.", 0), AGE);
            case "replicationcontrollers" -> printer((o, now, c) -> {
                c.add(name(o));
                c.add(o.path("spec").path("replicas").asLong(1));
                c.add(o.path("status").path("replicas").asLong(0));
                c.add(o.path("status").path("readyReplicas").asLong(0));
                c.add(age(o, now));
                TableConverter.addContainersImages(o, c);
                c.add(TableConverter.formatLabels(o.path("spec").get("selector")));
            }, NAME, new Column("Desired", "integer", "", "Replicas is the number of desired replicas.", 0),
                    new Column("Current", "integer", "", "Replicas is the most recently observed number of replicas.", 0),
                    new Column("Ready", "integer", "", "The number of ready replicas for this replication controller.", 0),
                    AGE, CONTAINERS, IMAGES, SELECTOR);
            case "resourcequotas" -> printer(KindPrinters::resourceQuota, NAME, AGE,
                    col("Request", "Request represents a minimum amount of cpu/memory that a container may consume."),
                    col("Limit", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."));
            case "certificatesigningrequests.certificates.k8s.io" -> printer(KindPrinters::csr, NAME, AGE,
                    col("SignerName", "Name of the signer"), col("Requestor", "Name of the user which made the request"),
                    col("RequestedDuration", "The requested duration of the certificate"), col("Condition", "Status of the request"));
            case "apiservices.apiregistration.k8s.io" -> printer((o, now, c) -> {
                c.add(name(o));
                JsonNode svc = o.path("spec").path("service");
                c.add(svc.isObject() ? svc.path("namespace").asString("") + "/" + svc.path("name").asString("") : "Local");
                String available = "Unknown";
                for (JsonNode cond : o.path("status").path("conditions")) {
                    if (cond.path("type").asString("").equals("Available")) {
                        available = cond.path("status").asString("");
                        if (!available.equals("True") && cond.has("reason")) {
                            available += " (" + cond.path("reason").asString() + ")";
                        }
                    }
                }
                c.add(available);
                c.add(age(o, now));
            }, NAME, col("Service", "The reference to the service that hosts this API endpoint."),
                    col("Available", "Whether this service is available."), AGE);
            case "runtimeclasses.node.k8s.io" -> printer((o, now, c) -> {
                c.add(name(o));
                c.add(orDefault(Json.text(o, "handler"), ""));
                c.add(age(o, now));
            }, NAME, col("Handler", "RuntimeClass Handler"), AGE);
            case "csinodes.storage.k8s.io" -> printer((o, now, c) -> {
                c.add(name(o));
                c.add(size(o.path("spec").get("drivers")));
                c.add(age(o, now));
            }, NAME, new Column("Drivers", "integer", "", "Drivers indicates the number of CSI drivers registered on the node", 0), AGE);
            case "csidrivers.storage.k8s.io" -> printer((o, now, c) -> {
                JsonNode spec = o.path("spec");
                c.add(name(o));
                c.add(spec.path("attachRequired").asBoolean(true));
                c.add(spec.path("podInfoOnMount").asBoolean(false));
                c.add(spec.path("storageCapacity").asBoolean(false));
                c.add(spec.has("tokenRequests") ? String.valueOf(size(spec.get("tokenRequests"))) : "<unset>");
                c.add(spec.path("requiresRepublish").asBoolean(false));
                List<String> modes = strings(spec.path("volumeLifecycleModes"));
                c.add(modes.isEmpty() ? "Persistent" : String.join(",", modes));
                c.add(age(o, now));
            }, NAME, new Column("AttachRequired", "boolean", "", "Indicates this CSI volume driver requires an attach operation", 0),
                    new Column("PodInfoOnMount", "boolean", "", "Indicates this CSI volume driver requires additional pod information during mount operations", 0),
                    new Column("StorageCapacity", "boolean", "", "Indicates this CSI volume driver wants pod scheduling to consider the storage capacity", 0),
                    col("TokenRequests", "Indicates the CSI driver needs pods' service account tokens it is mounting volume for to do necessary authentication."),
                    new Column("RequiresRepublish", "boolean", "", "Indicates the CSI driver wants `NodePublishVolume` being periodically called", 0),
                    col("Modes", "Describes the volume lifecycle modes the CSI driver supports"), AGE);
            case "flowschemas.flowcontrol.apiserver.k8s.io" -> printer((o, now, c) -> {
                JsonNode spec = o.path("spec");
                c.add(name(o));
                c.add(orDefault(Json.text(spec, "priorityLevelConfiguration", "name"), ""));
                c.add(spec.path("matchingPrecedence").asLong(0));
                c.add(orDefault(Json.text(spec, "distinguisherMethod", "type"), "<none>"));
                c.add(age(o, now));
                c.add("False");
            }, NAME, col("PriorityLevel", "Name of the priority level"),
                    new Column("MatchingPrecedence", "integer", "", "Matching precedence", 0),
                    col("DistinguisherMethod", "The method that determines flow distinguishers"), AGE,
                    col("MissingPL", "Whether the referenced priority level is missing"));
            case "prioritylevelconfigurations.flowcontrol.apiserver.k8s.io" -> printer((o, now, c) -> {
                JsonNode spec = o.path("spec");
                JsonNode limited = spec.path("limited");
                c.add(name(o));
                c.add(orDefault(Json.text(spec, "type"), ""));
                boolean isLimited = limited.isObject();
                c.add(isLimited ? String.valueOf(limited.path("nominalConcurrencyShares").asLong(30)) : "<none>");
                JsonNode queuing = limited.path("limitResponse").path("queuing");
                c.add(queuing.isObject() ? String.valueOf(queuing.path("queues").asLong()) : "<none>");
                c.add(queuing.isObject() ? String.valueOf(queuing.path("handSize").asLong()) : "<none>");
                c.add(queuing.isObject() ? String.valueOf(queuing.path("queueLengthLimit").asLong()) : "<none>");
                c.add(age(o, now));
            }, NAME, col("Type", "Type of the priority level"), col("NominalConcurrencyShares", "Nominal concurrency shares"),
                    col("Queues", "Number of queues"), col("HandSize", "Hand size"), col("QueueLengthLimit", "Queue length limit"), AGE);
            default -> null;
        };
    }

    @FunctionalInterface
    interface Cells {
        void print(ObjectNode o, Instant now, ArrayNode cells);
    }

    private static Printer printer(Cells cells, Column... columns) {
        return new SimplePrinter(List.of(columns), (o, now, c, row) -> cells.print(o, now, c));
    }

    private static Column col(String name, String description) {
        return Column.of(name, "string", description);
    }

    private static Column wide(String name, String description) {
        return Column.wide(name, "string", description);
    }

    // ------------------------------------------------------------------ rows

    static void cronJob(ObjectNode o, Instant now, ArrayNode c) {
        JsonNode spec = o.path("spec");
        c.add(name(o));
        c.add(orDefault(Json.text(spec, "schedule"), ""));
        c.add(orDefault(Json.text(spec, "timeZone"), "<none>"));
        c.add(String.valueOf(spec.path("suspend").asBoolean(false)).replace("true", "True").replace("false", "False"));
        c.add(size(o.path("status").get("active")));
        String last = Json.text(o, "status", "lastScheduleTime");
        c.add(last == null || last.isEmpty() ? "<none>" : Durations.since(last, now));
        c.add(age(o, now));
        JsonNode podSpec = spec.path("jobTemplate").path("spec").path("template").path("spec");
        List<String> names = new ArrayList<>();
        List<String> images = new ArrayList<>();
        for (JsonNode ctr : podSpec.path("containers")) {
            names.add(ctr.path("name").asString(""));
            images.add(ctr.path("image").asString(""));
        }
        c.add(String.join(",", names));
        c.add(String.join(",", images));
        c.add(formatSelector(spec.path("jobTemplate").path("spec").get("selector")));
    }

    static void binding(ObjectNode o, Instant now, ArrayNode c) {
        c.add(name(o));
        c.add(o.path("roleRef").path("kind").asString("") + "/" + o.path("roleRef").path("name").asString(""));
        c.add(age(o, now));
        List<String> users = new ArrayList<>();
        List<String> groups = new ArrayList<>();
        List<String> sas = new ArrayList<>();
        for (JsonNode s : o.path("subjects")) {
            String name = s.path("name").asString("");
            switch (s.path("kind").asString("")) {
                case "User" -> users.add(name);
                case "Group" -> groups.add(name);
                case "ServiceAccount" -> sas.add(s.path("namespace").asString("") + "/" + name);
                default -> { }
            }
        }
        c.add(String.join(", ", users));
        c.add(String.join(", ", groups));
        c.add(String.join(", ", sas));
    }

    static void storageClass(ObjectNode o, Instant now, ArrayNode c) {
        JsonNode ann = o.path("metadata").path("annotations");
        boolean isDefault = ann.path("storageclass.kubernetes.io/is-default-class").asString("").equals("true")
                || ann.path("storageclass.beta.kubernetes.io/is-default-class").asString("").equals("true");
        c.add(name(o) + (isDefault ? " (default)" : ""));
        c.add(orDefault(Json.text(o, "provisioner"), ""));
        c.add(orDefault(Json.text(o, "reclaimPolicy"), "Delete"));
        c.add(orDefault(Json.text(o, "volumeBindingMode"), "Immediate"));
        c.add(o.path("allowVolumeExpansion").asBoolean(false));
        c.add(age(o, now));
    }

    static void persistentVolume(ObjectNode o, Instant now, ArrayNode c) {
        JsonNode spec = o.path("spec");
        c.add(name(o));
        c.add(orDefault(Json.text(spec, "capacity", "storage"), ""));
        c.add(accessModes(spec.path("accessModes")));
        c.add(orDefault(Json.text(spec, "persistentVolumeReclaimPolicy"), ""));
        c.add(orDefault(Json.text(o, "status", "phase"), ""));
        JsonNode claim = spec.path("claimRef");
        c.add(claim.isObject() ? claim.path("namespace").asString("") + "/" + claim.path("name").asString("") : "");
        c.add(orDefault(Json.text(spec, "storageClassName"), ""));
        c.add(orDefault(Json.text(spec, "volumeAttributesClassName"), "<unset>"));
        c.add(orDefault(Json.text(o, "status", "reason"), ""));
        c.add(age(o, now));
        c.add(orDefault(Json.text(spec, "volumeMode"), "<unset>"));
    }

    static String accessModes(JsonNode modes) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : modes) {
            switch (m.asString("")) {
                case "ReadWriteOnce" -> out.add("RWO");
                case "ReadOnlyMany" -> out.add("ROX");
                case "ReadWriteMany" -> out.add("RWX");
                case "ReadWriteOncePod" -> out.add("RWOP");
                default -> { }
            }
        }
        return String.join(",", out);
    }

    static void endpointSlice(ObjectNode o, Instant now, ArrayNode c) {
        c.add(name(o));
        c.add(orDefault(Json.text(o, "addressType"), ""));
        List<String> ports = new ArrayList<>();
        for (JsonNode p : o.path("ports")) {
            ports.add(p.has("port") ? String.valueOf(p.path("port").asInt()) : "<unset>");
        }
        c.add(ports.isEmpty() ? "<unset>" : String.join(",", ports));
        List<String> addresses = new ArrayList<>();
        int total = 0;
        for (JsonNode e : o.path("endpoints")) {
            for (JsonNode a : e.path("addresses")) {
                total++;
                if (addresses.size() < 3) {
                    addresses.add(a.asString(""));
                }
            }
        }
        String eps = addresses.isEmpty() ? "<unset>" : String.join(",", addresses);
        if (total > 3) {
            eps += " + " + (total - 3) + " more...";
        }
        c.add(eps);
        c.add(age(o, now));
    }

    static void hpa(ObjectNode o, Instant now, ArrayNode c) {
        JsonNode spec = o.path("spec");
        c.add(name(o));
        c.add(spec.path("scaleTargetRef").path("kind").asString("") + "/" + spec.path("scaleTargetRef").path("name").asString(""));
        List<String> targets = new ArrayList<>();
        JsonNode current = o.path("status").path("currentMetrics");
        int i = 0;
        for (JsonNode m : spec.path("metrics")) {
            if (!m.path("type").asString("").equals("Resource")) {
                i++;
                continue;
            }
            JsonNode r = m.path("resource");
            JsonNode cur = current.path(i).path("resource").path("current");
            String target = r.path("target").has("averageUtilization") ? r.path("target").path("averageUtilization").asInt() + "%"
                    : orDefault(Json.text(r, "target", "averageValue"), orDefault(Json.text(r, "target", "value"), "<unknown>"));
            String now1 = r.path("target").has("averageUtilization")
                    ? (cur.has("averageUtilization") ? cur.path("averageUtilization").asInt() + "%" : "<unknown>")
                    : orDefault(Json.text(cur, "averageValue"), "<unknown>");
            targets.add(r.path("name").asString("") + ": " + now1 + "/" + target);
            i++;
        }
        if (spec.has("targetCPUUtilizationPercentage")) { // the autoscaling/v1 view
            JsonNode cur = o.path("status").path("currentCPUUtilizationPercentage");
            targets.add("cpu: " + (cur.isNumber() ? cur.asInt() + "%" : "<unknown>") + "/" + spec.path("targetCPUUtilizationPercentage").asInt() + "%");
        }
        c.add(targets.isEmpty() ? "<none>" : String.join(", ", targets));
        c.add(spec.has("minReplicas") ? String.valueOf(spec.path("minReplicas").asInt()) : "<unset>");
        c.add(spec.path("maxReplicas").asLong(0));
        c.add(o.path("status").path("currentReplicas").asLong(0));
        c.add(age(o, now));
    }

    static void ingress(ObjectNode o, Instant now, ArrayNode c) {
        JsonNode spec = o.path("spec");
        c.add(name(o));
        c.add(orDefault(Json.text(spec, "ingressClassName"), "<none>"));
        List<String> hosts = new ArrayList<>();
        for (JsonNode r : spec.path("rules")) {
            hosts.add(r.path("host").asString("*").isEmpty() ? "*" : r.path("host").asString("*"));
        }
        c.add(hosts.isEmpty() ? "*" : String.join(",", hosts));
        List<String> addresses = new ArrayList<>();
        for (JsonNode in : o.path("status").path("loadBalancer").path("ingress")) {
            addresses.add(in.has("ip") ? in.path("ip").asString() : in.path("hostname").asString(""));
        }
        c.add(String.join(",", addresses));
        c.add(spec.path("tls").isEmpty() ? "80" : "80, 443");
        c.add(age(o, now));
    }

    static void resourceQuota(ObjectNode o, Instant now, ArrayNode c) {
        c.add(name(o));
        c.add(age(o, now));
        TreeMap<String, String> hard = new TreeMap<>();
        o.path("spec").path("hard").properties().forEach(e -> hard.put(e.getKey(), e.getValue().asString()));
        JsonNode used = o.path("status").path("used");
        List<String> requests = new ArrayList<>();
        List<String> limits = new ArrayList<>();
        for (Map.Entry<String, String> e : hard.entrySet()) {
            String part = e.getKey() + ": " + used.path(e.getKey()).asString("0") + "/" + e.getValue();
            if (e.getKey().startsWith("limits.")) {
                limits.add(part);
            } else {
                requests.add(part);
            }
        }
        c.add(String.join(", ", requests));
        c.add(String.join(", ", limits));
    }

    static void csr(ObjectNode o, Instant now, ArrayNode c) {
        JsonNode spec = o.path("spec");
        c.add(name(o));
        c.add(age(o, now));
        c.add(orDefault(Json.text(spec, "signerName"), "<none>"));
        c.add(orDefault(Json.text(spec, "username"), ""));
        c.add(spec.has("expirationSeconds") ? Durations.humanDuration(java.time.Duration.ofSeconds(spec.path("expirationSeconds").asLong())) : "<none>");
        List<String> conditions = new ArrayList<>();
        for (JsonNode cond : o.path("status").path("conditions")) {
            conditions.add(cond.path("type").asString(""));
        }
        c.add(conditions.isEmpty() ? "Pending" : String.join(",", conditions));
    }
}
