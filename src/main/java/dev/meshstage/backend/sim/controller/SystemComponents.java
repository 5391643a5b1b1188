package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.workshop.ClusterPlan;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * What kubeadm and kind put into a new cluster: the namespaces, the {@code kubernetes} and {@code kube-dns}
 * Services, the control-plane static pods (as mirror pods owned by their Node), CoreDNS, kube-proxy and
 * kindnet, the local-path provisioner with its default StorageClass {@code standard}, priority classes and
 * the configuration ConfigMaps. Workload objects are created here; their pods come from the ordinary
 * controllers, scheduler and kubelet like any other.
 */
public final class SystemComponents implements SimController {

    public static final List<String> NAMESPACES = List.of("default", "kube-node-lease", "kube-public", "kube-system",
            "local-path-storage");

    @Override
    public String name() {
        return "kubeadm";
    }

    static ObjectNode namespace(String name) {
        ObjectNode ns = Json.newObject("v1", "Namespace", "", name);
        Json.labels(ns).put("kubernetes.io/metadata.name", name);
        if (name.equals("local-path-storage")) {
            ns.set("metadata", Bootstrap.q("{'name':'local-path-storage','labels':{'kubernetes.io/metadata.name':'local-path-storage'},"
                    + "'annotations':{}}"));
        }
        ns.putObject("spec").putArray("finalizers").add("kubernetes");
        ns.putObject("status").put("phase", "Active");
        return ns;
    }

    @Override
    public void start(ControllerContext ctx) {
        ResourceType nsType = ctx.type("v1", "Namespace");
        for (String ns : NAMESPACES) {
            Bootstrap.ensure(ctx, nsType, namespace(ns));
        }
        ClusterPlan plan = ctx.plan();
        ClusterPlan.NodePlan cp = plan.nodes().stream().filter(ClusterPlan.NodePlan::controlPlane).findFirst()
                .orElse(plan.nodes().get(0));
        String cpIp = ctx.env().nodeAddress(plan.nodes().indexOf(cp));
        priorityClasses(ctx);
        services(ctx, cpIp);
        configMaps(ctx, cp, cpIp);
        serviceAccounts(ctx);
        staticPods(ctx, cp, cpIp);
        workloads(ctx, cp);
        Bootstrap.ensure(ctx, ctx.type("storage.k8s.io/v1", "StorageClass"), Bootstrap.q(
                "{'apiVersion':'storage.k8s.io/v1','kind':'StorageClass','metadata':{'name':'standard','annotations':"
                        + "{'storageclass.kubernetes.io/is-default-class':'true'}},'provisioner':'rancher.io/local-path',"
                        + "'reclaimPolicy':'Delete','volumeBindingMode':'WaitForFirstConsumer'}"));
    }

    private void priorityClasses(ControllerContext ctx) {
        ResourceType pc = ctx.type("scheduling.k8s.io/v1", "PriorityClass");
        Bootstrap.ensure(ctx, pc, Bootstrap.q("{'apiVersion':'scheduling.k8s.io/v1','kind':'PriorityClass','metadata':"
                + "{'name':'system-cluster-critical'},'value':2000000000,'preemptionPolicy':'PreemptLowerPriority',"
                + "'description':'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.'}"));
        Bootstrap.ensure(ctx, pc, Bootstrap.q("{'apiVersion':'scheduling.k8s.io/v1','kind':'PriorityClass','metadata':"
                + "{'name':'system-node-critical'},'value':2000001000,'preemptionPolicy':'PreemptLowerPriority',"
                + "'description':'Used for system critical pods that must not be moved from their current node.'}"));
    }

    private void services(ControllerContext ctx, String cpIp) {
        ResourceType svc = ctx.type("v1", "Service");
        String apiIp = ctx.env().serviceAddress(1);
        Bootstrap.ensure(ctx, svc, Bootstrap.q("{'apiVersion':'v1','kind':'Service','metadata':{'name':'kubernetes','namespace':'default',"
                + "'labels':{'component':'apiserver','provider':'kubernetes'}},'spec':{'clusterIP':'" + apiIp + "','clusterIPs':['" + apiIp + "'],"
                + "'internalTrafficPolicy':'Cluster','ipFamilies':['IPv4'],'ipFamilyPolicy':'SingleStack',"
                + "'ports':[{'name':'https','port':443,'protocol':'TCP','targetPort':6443}],'sessionAffinity':'None','type':'ClusterIP'}}"));
        Bootstrap.ensure(ctx, ctx.type("v1", "Endpoints"), Bootstrap.q("{'apiVersion':'v1','kind':'Endpoints','metadata':{'name':'kubernetes',"
                + "'namespace':'default','labels':{'endpointslice.kubernetes.io/skip-mirror':'true'}},'subsets':[{'addresses':[{'ip':'" + cpIp + "'}],"
                + "'ports':[{'name':'https','port':6443,'protocol':'TCP'}]}]}"));
        Bootstrap.ensure(ctx, ctx.type("discovery.k8s.io/v1", "EndpointSlice"), Bootstrap.q("{'apiVersion':'discovery.k8s.io/v1',"
                + "'kind':'EndpointSlice','metadata':{'name':'kubernetes','namespace':'default','labels':{'kubernetes.io/service-name':'kubernetes'}},"
                + "'addressType':'IPv4','endpoints':[{'addresses':['" + cpIp + "'],'conditions':{'ready':true}}],"
                + "'ports':[{'name':'https','port':6443,'protocol':'TCP'}]}"));
        String dnsIp = ctx.env().serviceAddress(10);
        Bootstrap.ensure(ctx, svc, Bootstrap.q("{'apiVersion':'v1','kind':'Service','metadata':{'name':'kube-dns','namespace':'kube-system',"
                + "'labels':{'k8s-app':'kube-dns','kubernetes.io/cluster-service':'true','kubernetes.io/name':'CoreDNS'},"
                + "'annotations':{'prometheus.io/port':'9153','prometheus.io/scrape':'true'}},'spec':{'clusterIP':'" + dnsIp + "',"
                + "'clusterIPs':['" + dnsIp + "'],'internalTrafficPolicy':'Cluster','ipFamilies':['IPv4'],'ipFamilyPolicy':'SingleStack',"
                + "'ports':[{'name':'dns','port':53,'protocol':'UDP','targetPort':53},{'name':'dns-tcp','port':53,'protocol':'TCP','targetPort':53},"
                + "{'name':'metrics','port':9153,'protocol':'TCP','targetPort':9153}],'selector':{'k8s-app':'kube-dns'},"
                + "'sessionAffinity':'None','type':'ClusterIP'}}"));
    }

    private void configMaps(ControllerContext ctx, ClusterPlan.NodePlan cp, String cpIp) {
        ResourceType cm = ctx.type("v1", "ConfigMap");
        ObjectNode coredns = Json.newObject("v1", "ConfigMap", "kube-system", "coredns");
        coredns.putObject("data").put("Corefile", """
                .:53 {
                    errors
                    health {
                       lameduck 5s
                    }
                    ready
                    kubernetes cluster.local in-addr.arpa ip6.arpa {
                       pods insecure
                       fallthrough in-addr.arpa ip6.arpa
                       ttl 30
                    }
                    prometheus :9153
                    forward . /etc/resolv.conf {
                       max_concurrent 1000
                    }
                    cache 30 {
                       disable success cluster.local
                       disable denial cluster.local
                    }
                    loop
                    reload
                    loadbalance
                }
                """);
        Bootstrap.ensure(ctx, cm, coredns);
        ObjectNode kubeadm = Json.newObject("v1", "ConfigMap", "kube-system", "kubeadm-config");
        kubeadm.putObject("data").put("ClusterConfiguration", "apiServer:\n  certSANs:\n  - localhost\n  - 127.0.0.1\n"
                + "apiVersion: kubeadm.k8s.io/v1beta4\nclusterName: " + ctx.plan().name() + "\ncontrolPlaneEndpoint: "
                + cp.name() + ":6443\nkind: ClusterConfiguration\nkubernetesVersion: v1.34.3\nnetworking:\n  dnsDomain: cluster.local\n"
                + "  podSubnet: " + ctx.plan().podSubnet() + "\n  serviceSubnet: " + ctx.plan().serviceSubnet() + "\n");
        Bootstrap.ensure(ctx, cm, kubeadm);
        ObjectNode proxy = Json.newObject("v1", "ConfigMap", "kube-system", "kube-proxy");
        Json.labels(proxy).put("app", "kube-proxy");
        proxy.putObject("data").put("config.conf", "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nbindAddress: 0.0.0.0\n"
                + "clusterCIDR: " + ctx.plan().podSubnet() + "\nconntrack:\n  maxPerCore: 0\nkind: KubeProxyConfiguration\nmode: iptables\n")
                .put("kubeconfig.conf", "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    server: https://" + cp.name()
                        + ":6443\n  name: default\n");
        Bootstrap.ensure(ctx, cm, proxy);
        ObjectNode lp = Json.newObject("v1", "ConfigMap", "local-path-storage", "local-path-config");
        lp.putObject("data").put("config.json", "{\n  \"nodePathMap\":[\n  {\n    \"node\":\"DEFAULT_PATH_FOR_NON_LISTED_NODES\",\n"
                + "    \"paths\":[\"/var/local-path-provisioner\"]\n  }\n  ]\n}")
                .put("helperPod.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: helper-pod\nspec:\n  containers:\n  - name: helper-pod\n"
                        + "    image: " + ImageCatalogue.LOCAL_PATH_HELPER + "\n    imagePullPolicy: IfNotPresent\n");
        Bootstrap.ensure(ctx, cm, lp);
    }

    private void serviceAccounts(ControllerContext ctx) {
        ResourceType sa = ctx.type("v1", "ServiceAccount");
        for (String name : List.of("coredns", "kube-proxy", "kindnet")) {
            Bootstrap.ensure(ctx, sa, Json.newObject("v1", "ServiceAccount", "kube-system", name));
        }
        Bootstrap.ensure(ctx, sa, Json.newObject("v1", "ServiceAccount", "local-path-storage", "local-path-provisioner-service-account"));
    }

    private void staticPods(ControllerContext ctx, ClusterPlan.NodePlan cp, String cpIp) {
        ObjectNode node = ctx.store().find(ctx.type("v1", "Node"), "", cp.name());
        if (node == null) {
            return;
        }
        staticPod(ctx, node, "etcd", ImageCatalogue.ETCD, "100m", "100Mi", List.of("etcd", "--advertise-client-urls=https://" + cpIp + ":2379",
                "--cert-file=/etc/kubernetes/pki/etcd/server.crt", "--data-dir=/var/lib/etcd", "--listen-client-urls=https://127.0.0.1:2379,https://" + cpIp + ":2379",
                "--name=" + cp.name()), cpIp);
        staticPod(ctx, node, "kube-apiserver", ImageCatalogue.KUBE_APISERVER, "250m", null, List.of("kube-apiserver",
                "--advertise-address=" + cpIp, "--allow-privileged=true", "--authorization-mode=Node,RBAC", "--enable-admission-plugins=NodeRestriction",
                "--etcd-servers=https://127.0.0.1:2379", "--runtime-config=", "--secure-port=6443",
                "--service-account-issuer=https://kubernetes.default.svc.cluster.local", "--service-cluster-ip-range=" + ctx.plan().serviceSubnet()), cpIp);
        staticPod(ctx, node, "kube-controller-manager", ImageCatalogue.KUBE_CONTROLLER_MANAGER, "200m", null, List.of("kube-controller-manager",
                "--allocate-node-cidrs=true", "--cluster-cidr=" + ctx.plan().podSubnet(), "--cluster-name=" + ctx.plan().name(),
                "--controllers=*,bootstrapsigner,tokencleaner", "--leader-elect=true", "--service-cluster-ip-range=" + ctx.plan().serviceSubnet(),
                "--use-service-account-credentials=true"), cpIp);
        staticPod(ctx, node, "kube-scheduler", ImageCatalogue.KUBE_SCHEDULER, "100m", null, List.of("kube-scheduler",
                "--authentication-kubeconfig=/etc/kubernetes/scheduler.conf", "--bind-address=127.0.0.1",
                "--kubeconfig=/etc/kubernetes/scheduler.conf", "--leader-elect=true"), cpIp);
    }

    private void staticPod(ControllerContext ctx, ObjectNode node, String component, String image, String cpu, String memory,
            List<String> command, String cpIp) {
        String nodeName = node.path("metadata").path("name").asString();
        ObjectNode pod = Json.newObject("v1", "Pod", "kube-system", component + "-" + nodeName);
        ObjectNode labels = Json.labels(pod);
        labels.put("component", component);
        labels.put("tier", "control-plane");
        ObjectNode ann = Json.annotations(pod);
        if (component.equals("etcd")) {
            ann.put("kubeadm.kubernetes.io/etcd.advertise-client-urls", "https://" + cpIp + ":2379");
        } else if (component.equals("kube-apiserver")) {
            ann.put("kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint", cpIp + ":6443");
        }
        String hash = Json.sha256Hex(ctx.seed() + "/" + ctx.plan().name() + "/" + component).substring(0, 32);
        ann.put("kubernetes.io/config.hash", hash);
        ann.put("kubernetes.io/config.mirror", hash);
        ann.put("kubernetes.io/config.seen", Json.micro(ctx.now()));
        ann.put("kubernetes.io/config.source", "file");
        ObjectNode owner = Json.meta(pod).putArray("ownerReferences").addObject();
        owner.put("apiVersion", "v1");
        owner.put("controller", true);
        owner.put("kind", "Node");
        owner.put("name", nodeName);
        owner.put("uid", node.path("metadata").path("uid").asString());
        ObjectNode spec = pod.putObject("spec");
        ObjectNode c = spec.putArray("containers").addObject();
        c.put("name", component);
        c.put("image", image);
        c.put("imagePullPolicy", "IfNotPresent");
        ArrayNode cmd = c.putArray("command");
        command.forEach(cmd::add);
        ObjectNode req = c.putObject("resources").putObject("requests");
        req.put("cpu", cpu);
        if (memory != null) {
            req.put("memory", memory);
        }
        ObjectNode probe = Bootstrap.q("{'failureThreshold':8,'httpGet':{'host':'127.0.0.1','path':'/livez','port':10257,'scheme':'HTTPS'},"
                + "'initialDelaySeconds':10,'periodSeconds':10,'successThreshold':1,'timeoutSeconds':15}");
        if (component.equals("kube-apiserver")) {
            ((ObjectNode) probe.get("httpGet")).put("host", cpIp).put("port", 6443);
            c.set("readinessProbe", Bootstrap.q("{'failureThreshold':3,'httpGet':{'host':'" + cpIp + "','path':'/readyz','port':6443,"
                    + "'scheme':'HTTPS'},'periodSeconds':1,'successThreshold':1,'timeoutSeconds':15}"));
        }
        c.set("livenessProbe", probe);
        spec.put("hostNetwork", true);
        spec.put("nodeName", nodeName);
        spec.put("priorityClassName", "system-node-critical");
        spec.put("priority", 2000001000);
        spec.putObject("securityContext").putObject("seccompProfile").put("type", "RuntimeDefault");
        spec.putArray("tolerations").add(Bootstrap.q("{'effect':'NoExecute','operator':'Exists'}"));
        Pods.defaultPodSpec(spec);
        Bootstrap.ensure(ctx, ctx.type("v1", "Pod"), pod);
    }

    private void workloads(ControllerContext ctx, ClusterPlan.NodePlan cp) {
        ResourceType deploy = ctx.type("apps/v1", "Deployment");
        ResourceType ds = ctx.type("apps/v1", "DaemonSet");
        Bootstrap.ensure(ctx, deploy, Bootstrap.q("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'coredns','namespace':'kube-system',"
                + "'labels':{'k8s-app':'kube-dns'}},'spec':{'replicas':2,'revisionHistoryLimit':10,'progressDeadlineSeconds':600,"
                + "'selector':{'matchLabels':{'k8s-app':'kube-dns'}},'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%','maxUnavailable':1}},"
                + "'template':{'metadata':{'labels':{'k8s-app':'kube-dns'}},'spec':{'priorityClassName':'system-cluster-critical',"
                + "'serviceAccountName':'coredns','nodeSelector':{'kubernetes.io/os':'linux'},'dnsPolicy':'Default',"
                + "'tolerations':[{'key':'CriticalAddonsOnly','operator':'Exists'},{'effect':'NoSchedule','key':'node-role.kubernetes.io/control-plane'}],"
                + "'affinity':{'podAntiAffinity':{'preferredDuringSchedulingIgnoredDuringExecution':[{'weight':100,'podAffinityTerm':"
                + "{'labelSelector':{'matchExpressions':[{'key':'k8s-app','operator':'In','values':['kube-dns']}]},'topologyKey':'kubernetes.io/hostname'}}]}},"
                + "'containers':[{'name':'coredns','image':'" + ImageCatalogue.COREDNS + "','imagePullPolicy':'IfNotPresent',"
                + "'args':['-conf','/etc/coredns/Corefile'],"
                + "'ports':[{'containerPort':53,'name':'dns','protocol':'UDP'},{'containerPort':53,'name':'dns-tcp','protocol':'TCP'},"
                + "{'containerPort':9153,'name':'metrics','protocol':'TCP'},{'containerPort':8080,'name':'liveness-probe','protocol':'TCP'},"
                + "{'containerPort':8181,'name':'readiness-probe','protocol':'TCP'}],"
                + "'resources':{'limits':{'memory':'170Mi'},'requests':{'cpu':'100m','memory':'70Mi'}},"
                + "'livenessProbe':{'failureThreshold':5,'httpGet':{'path':'/health','port':'liveness-probe','scheme':'HTTP'},'initialDelaySeconds':60,"
                + "'periodSeconds':10,'successThreshold':1,'timeoutSeconds':5},"
                + "'readinessProbe':{'failureThreshold':3,'httpGet':{'path':'/ready','port':'readiness-probe','scheme':'HTTP'},'periodSeconds':10,"
                + "'successThreshold':1,'timeoutSeconds':1},"
                + "'volumeMounts':[{'mountPath':'/etc/coredns','name':'config-volume','readOnly':true}]}],"
                + "'volumes':[{'name':'config-volume','configMap':{'name':'coredns','defaultMode':420,'items':[{'key':'Corefile','path':'Corefile'}]}}]}}}}"));
        Bootstrap.ensure(ctx, ds, Bootstrap.q("{'apiVersion':'apps/v1','kind':'DaemonSet','metadata':{'name':'kube-proxy','namespace':'kube-system',"
                + "'labels':{'k8s-app':'kube-proxy'}},'spec':{'revisionHistoryLimit':10,'selector':{'matchLabels':{'k8s-app':'kube-proxy'}},"
                + "'updateStrategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':0,'maxUnavailable':1}},"
                + "'template':{'metadata':{'labels':{'k8s-app':'kube-proxy'}},'spec':{'hostNetwork':true,'priorityClassName':'system-node-critical',"
                + "'serviceAccountName':'kube-proxy','nodeSelector':{'kubernetes.io/os':'linux'},'tolerations':[{'operator':'Exists'}],"
                + "'containers':[{'name':'kube-proxy','image':'" + ImageCatalogue.KUBE_PROXY + "','imagePullPolicy':'IfNotPresent',"
                + "'command':['/usr/local/bin/kube-proxy','--config=/var/lib/kube-proxy/config.conf','--hostname-override=$(NODE_NAME)'],"
                + "'env':[{'name':'NODE_NAME','valueFrom':{'fieldRef':{'apiVersion':'v1','fieldPath':'spec.nodeName'}}}],"
                + "'securityContext':{'privileged':true},"
                + "'volumeMounts':[{'mountPath':'/var/lib/kube-proxy','name':'kube-proxy'}]}],"
                + "'volumes':[{'name':'kube-proxy','configMap':{'name':'kube-proxy','defaultMode':420}}]}}}}"));
        Bootstrap.ensure(ctx, ds, Bootstrap.q("{'apiVersion':'apps/v1','kind':'DaemonSet','metadata':{'name':'kindnet','namespace':'kube-system',"
                + "'labels':{'app':'kindnet','k8s-app':'kindnet','tier':'node'}},'spec':{'revisionHistoryLimit':10,'selector':{'matchLabels':{'app':'kindnet'}},"
                + "'updateStrategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':0,'maxUnavailable':1}},"
                + "'template':{'metadata':{'labels':{'app':'kindnet','k8s-app':'kindnet','tier':'node'}},'spec':{'hostNetwork':true,"
                + "'serviceAccountName':'kindnet','nodeSelector':{'kubernetes.io/os':'linux'},'tolerations':[{'operator':'Exists'}],"
                + "'containers':[{'name':'kindnet-cni','image':'" + ImageCatalogue.KINDNETD + "','imagePullPolicy':'IfNotPresent',"
                + "'env':[{'name':'HOST_IP','valueFrom':{'fieldRef':{'apiVersion':'v1','fieldPath':'status.hostIP'}}},"
                + "{'name':'POD_IP','valueFrom':{'fieldRef':{'apiVersion':'v1','fieldPath':'status.podIP'}}},"
                + "{'name':'POD_SUBNET','value':'" + ctx.plan().podSubnet() + "'},"
                + "{'name':'CONTROL_PLANE_ENDPOINT','value':'" + cp.name() + ":6443'}],"
                + "'resources':{'limits':{'cpu':'100m','memory':'50Mi'},'requests':{'cpu':'100m','memory':'50Mi'}},"
                + "'securityContext':{'capabilities':{'add':['NET_RAW','NET_ADMIN']},'privileged':false}}]}}}}"));
        Bootstrap.ensure(ctx, deploy, Bootstrap.q("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'local-path-provisioner',"
                + "'namespace':'local-path-storage'},'spec':{'replicas':1,'revisionHistoryLimit':10,'progressDeadlineSeconds':600,"
                + "'selector':{'matchLabels':{'app':'local-path-provisioner'}},'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%','maxUnavailable':'25%'}},"
                + "'template':{'metadata':{'labels':{'app':'local-path-provisioner'}},'spec':{'serviceAccountName':'local-path-provisioner-service-account',"
                + "'nodeSelector':{'kubernetes.io/os':'linux'},"
                + "'tolerations':[{'effect':'NoSchedule','key':'node-role.kubernetes.io/control-plane','operator':'Equal'},"
                + "{'effect':'NoSchedule','key':'node-role.kubernetes.io/master','operator':'Equal'}],"
                + "'containers':[{'name':'local-path-provisioner','image':'" + ImageCatalogue.LOCAL_PATH_PROVISIONER + "','imagePullPolicy':'IfNotPresent',"
                + "'command':['local-path-provisioner','--debug','start','--helper-image','" + ImageCatalogue.LOCAL_PATH_HELPER + "',"
                + "'--config','/etc/config/config.json'],"
                + "'env':[{'name':'POD_NAMESPACE','valueFrom':{'fieldRef':{'apiVersion':'v1','fieldPath':'metadata.namespace'}}},"
                + "{'name':'CONFIG_MOUNT_PATH','value':'/etc/config/'}],"
                + "'volumeMounts':[{'mountPath':'/etc/config/','name':'config-volume'}]}],"
                + "'volumes':[{'name':'config-volume','configMap':{'name':'local-path-config','defaultMode':420}}]}}}}"));
    }
}
