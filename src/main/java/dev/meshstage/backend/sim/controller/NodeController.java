package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.workshop.ClusterPlan;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.UUID;

/**
 * The nodes of the cluster plan, registered as kubeadm/kind registers them: kind names and roles, the
 * usual labels, the control-plane taint (kind drops it when there are no workers), the i-th /24 of the pod
 * subnet, the node's address on kind's docker network, node info of a kindest/node:v1.34.3 container, and a
 * Lease per node in kube-node-lease.
 */
public final class NodeController implements SimController {

    public static final String KUBELET_VERSION = "v1.34.3";
    public static final String CONTAINER_RUNTIME = "containerd://2.1.5";
    public static final String OS_IMAGE = "Debian GNU/Linux 12 (bookworm)";
    public static final String KERNEL = "6.8.0-90-generic";

    @Override
    public String name() {
        return "node-controller";
    }

    @Override
    public void start(ControllerContext ctx) {
        ClusterPlan plan = ctx.plan();
        ResourceType nodes = ctx.type("v1", "Node");
        Bootstrap.ensure(ctx, ctx.type("v1", "Namespace"), SystemComponents.namespace("kube-node-lease"));
        boolean workers = plan.nodes().stream().anyMatch(n -> !n.controlPlane());
        for (int i = 0; i < plan.nodes().size(); i++) {
            ClusterPlan.NodePlan np = plan.nodes().get(i);
            if (ctx.store().find(nodes, "", np.name()) != null) {
                continue;
            }
            ObjectNode node = node(ctx, i, np, workers);
            ObjectNode created = ctx.store().create(nodes, "", node);
            ObjectNode lease = Json.newObject("coordination.k8s.io/v1", "Lease", "kube-node-lease", np.name());
            Json.meta(lease).putArray("ownerReferences").add(Bootstrap.q(
                    "{'apiVersion':'v1','kind':'Node','name':'" + np.name() + "','uid':'" + created.at("/metadata/uid").asString() + "'}"));
            ObjectNode spec = lease.putObject("spec");
            spec.put("holderIdentity", np.name());
            spec.put("leaseDurationSeconds", 40);
            spec.put("renewTime", Json.micro(ctx.now()));
            Bootstrap.ensure(ctx, ctx.type("coordination.k8s.io/v1", "Lease"), lease);
            ctx.events().normal("kubelet", np.name(), created, "Starting", "Starting kubelet.");
            ctx.events().normal("kubelet", np.name(), created, "NodeHasSufficientMemory",
                    "Node " + np.name() + " status is now: NodeHasSufficientMemory");
            ctx.events().normal("node-controller", null, created, "RegisteredNode",
                    "Node " + np.name() + " event: Registered Node " + np.name() + " in Controller");
            ctx.events().normal("kubelet", np.name(), created, "NodeReady",
                    "Node " + np.name() + " status is now: NodeReady");
        }
    }

    private ObjectNode node(ControllerContext ctx, int i, ClusterPlan.NodePlan np, boolean workers) {
        String name = np.name();
        ObjectNode node = Json.newObject("v1", "Node", "", name);
        ObjectNode labels = Json.labels(node);
        labels.put("beta.kubernetes.io/arch", "amd64");
        labels.put("beta.kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", "amd64");
        labels.put("kubernetes.io/hostname", name);
        labels.put("kubernetes.io/os", "linux");
        if (np.controlPlane()) {
            labels.put("node-role.kubernetes.io/control-plane", "");
            if (workers) {
                labels.put("node.kubernetes.io/exclude-from-external-load-balancers", "");
            }
        }
        ObjectNode ann = Json.annotations(node);
        ann.put("kubeadm.alpha.kubernetes.io/cri-socket", "unix:///run/containerd/containerd.sock");
        ann.put("node.alpha.kubernetes.io/ttl", "0");
        ann.put("volumes.kubernetes.io/controller-managed-attach-detach", "true");
        ObjectNode spec = node.putObject("spec");
        String cidr = ctx.env().podCidr(i);
        spec.put("podCIDR", cidr);
        spec.putArray("podCIDRs").add(cidr);
        spec.put("providerID", "kind://docker/" + ctx.plan().name() + "/" + name);
        if (np.controlPlane() && workers) {
            ArrayNode taints = spec.putArray("taints");
            ObjectNode t = taints.addObject();
            t.put("effect", "NoSchedule");
            t.put("key", "node-role.kubernetes.io/control-plane");
        }
        ObjectNode status = node.putObject("status");
        String ip = ctx.env().nodeAddress(i);
        ArrayNode addresses = status.putArray("addresses");
        addresses.addObject().put("address", ip).put("type", "InternalIP");
        addresses.addObject().put("address", name).put("type", "Hostname");
        ObjectNode capacity = status.putObject("capacity");
        capacity.put("cpu", "8");
        capacity.put("ephemeral-storage", "102626232Ki");
        capacity.put("hugepages-1Gi", "0");
        capacity.put("hugepages-2Mi", "0");
        capacity.put("memory", "16315412Ki");
        capacity.put("pods", "110");
        status.set("allocatable", capacity.deepCopy());
        Instant now = ctx.now();
        ArrayNode conds = status.putArray("conditions");
        cond(conds, "MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now);
        cond(conds, "DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now);
        cond(conds, "PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now);
        cond(conds, "Ready", "True", "KubeletReady", "kubelet is posting ready status", now);
        status.putObject("daemonEndpoints").putObject("kubeletEndpoint").put("Port", 10250);
        ArrayNode images = status.putArray("images");
        for (String image : ctx.images().nodeImages()) {
            images.add(Kubelet.nodeImageEntry(ctx.images(), image));
        }
        ObjectNode info = status.putObject("nodeInfo");
        info.put("architecture", "amd64");
        info.put("bootID", uuid(ctx, "boot/" + name));
        info.put("containerRuntimeVersion", CONTAINER_RUNTIME);
        info.put("kernelVersion", KERNEL);
        info.put("kubeProxyVersion", "");
        info.put("kubeletVersion", KUBELET_VERSION);
        info.put("machineID", uuid(ctx, "machine/" + name).replace("-", ""));
        info.put("operatingSystem", "linux");
        info.put("osImage", OS_IMAGE);
        info.put("systemUUID", uuid(ctx, "system/" + name));
        return node;
    }

    private static String uuid(ControllerContext ctx, String key) {
        return UUID.nameUUIDFromBytes((ctx.seed() + "/" + ctx.plan().name() + "/" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    private static void cond(ArrayNode conds, String type, String status, String reason, String message, Instant now) {
        ObjectNode c = conds.addObject();
        c.put("type", type);
        c.put("status", status);
        c.put("lastHeartbeatTime", Json.ts(now));
        c.put("lastTransitionTime", Json.ts(now));
        c.put("reason", reason);
        c.put("message", message);
    }
}
