package dev.meshstage.backend.sim.defaults;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defaults, compared with what a kube-apiserver 1.34 returns for the same input (values from
 * {@code pkg/apis/{core,apps,batch}/v1/defaults.go} and the API reference).
 */
class ApiDefaultsTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static ObjectNode obj(String json) {
        return (ObjectNode) JSON.readTree(json.replace('\'', '"'));
    }

    static ObjectNode defaulted(String groupResource, String json) {
        ObjectNode o = obj(json);
        ApiDefaults.apply(groupResource, o);
        ObjectNode twice = o.deepCopy();
        ApiDefaults.apply(groupResource, twice);
        assertThat(twice).as("defaulting twice changes nothing").isEqualTo(o);
        return o;
    }

    @Test
    void deploymentAsKubectlCreateDeploymentLeavesIt() {
        ObjectNode d = defaulted("deployments.apps", "{'metadata':{'name':'web'},'spec':{'selector':{'matchLabels':{'app':'web'}},"
                + "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'nginx','image':'nginx:1.27'}]}}}}");
        assertThat(d.path("spec")).isEqualTo(obj("{'selector':{'matchLabels':{'app':'web'}},"
                + "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'nginx','image':'nginx:1.27',"
                + "'imagePullPolicy':'IfNotPresent','terminationMessagePath':'/dev/termination-log','terminationMessagePolicy':'File',"
                + "'resources':{}}],'dnsPolicy':'ClusterFirst','restartPolicy':'Always','securityContext':{},"
                + "'terminationGracePeriodSeconds':30,'schedulerName':'default-scheduler'}},"
                + "'replicas':1,'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxUnavailable':'25%','maxSurge':'25%'}},"
                + "'revisionHistoryLimit':10,'progressDeadlineSeconds':600}"));
    }

    @Test
    void recreateStrategyGetsNoRollingUpdateAndSetValuesStay() {
        ObjectNode d = defaulted("deployments.apps", "{'spec':{'replicas':0,'revisionHistoryLimit':2,'strategy':{'type':'Recreate'},"
                + "'template':{'spec':{'containers':[]}}}}");
        assertThat(d.path("spec").path("replicas").asInt()).isZero();
        assertThat(d.path("spec").path("revisionHistoryLimit").asInt()).isEqualTo(2);
        assertThat(d.path("spec").path("strategy")).isEqualTo(obj("{'type':'Recreate'}"));
    }

    @Test
    void statefulSetUpdateStrategyAndPolicies() {
        ObjectNode s = defaulted("statefulsets.apps", "{'spec':{'serviceName':'redis','template':{'spec':{'containers':[]}},"
                + "'volumeClaimTemplates':[{'metadata':{'name':'data'},'spec':{'accessModes':['ReadWriteOnce']}}]}}");
        JsonNode spec = s.path("spec");
        assertThat(spec.path("podManagementPolicy").asString()).isEqualTo("OrderedReady");
        assertThat(spec.path("updateStrategy")).isEqualTo(obj("{'type':'RollingUpdate','rollingUpdate':{'partition':0}}"));
        assertThat(spec.path("persistentVolumeClaimRetentionPolicy")).isEqualTo(obj("{'whenDeleted':'Retain','whenScaled':'Retain'}"));
        assertThat(spec.path("replicas").asInt()).isEqualTo(1);
        assertThat(spec.path("revisionHistoryLimit").asInt()).isEqualTo(10);
        JsonNode claim = spec.path("volumeClaimTemplates").get(0);
        assertThat(claim.path("spec").path("volumeMode").asString()).isEqualTo("Filesystem");
        assertThat(claim.path("status").path("phase").asString()).isEqualTo("Pending");
        assertThat(claim.path("kind").asString()).isEqualTo("PersistentVolumeClaim");
        ObjectNode onDelete = defaulted("statefulsets.apps", "{'spec':{'updateStrategy':{'type':'OnDelete'}}}");
        assertThat(onDelete.path("spec").path("updateStrategy")).isEqualTo(obj("{'type':'OnDelete'}"));
    }

    @Test
    void daemonSetRollingUpdateIsOneUnavailableNoSurge() {
        ObjectNode d = defaulted("daemonsets.apps", "{'spec':{}}");
        assertThat(d.path("spec").path("updateStrategy")).isEqualTo(obj("{'type':'RollingUpdate','rollingUpdate':{'maxUnavailable':1,'maxSurge':0}}"));
        assertThat(d.path("spec").path("revisionHistoryLimit").asInt()).isEqualTo(10);
    }

    @Test
    void podProbesVolumesPullPolicyAndRequestsFromLimits() {
        ObjectNode p = defaulted("pods", "{'spec':{'volumes':[{'name':'cfg','configMap':{'name':'c'}},{'name':'tmp'},"
                + "{'name':'s','secret':{'secretName':'x'}},{'name':'h','hostPath':{'path':'/data'}}],"
                + "'containers':[{'name':'a','image':'busybox','resources':{'limits':{'cpu':'1'}},"
                + "'readinessProbe':{'httpGet':{'port':8080}},'livenessProbe':{'exec':{'command':['true']},'periodSeconds':5},"
                + "'ports':[{'containerPort':80}],'env':[{'name':'NS','valueFrom':{'fieldRef':{'fieldPath':'metadata.namespace'}}}]},"
                + "{'name':'b','image':'registry.k8s.io/pause:3.10'},{'name':'c','image':'example.com:5000/app'},"
                + "{'name':'d','image':'nginx@sha256:abc'}]}}");
        JsonNode spec = p.path("spec");
        assertThat(spec.path("enableServiceLinks").asBoolean()).isTrue();
        JsonNode a = spec.path("containers").get(0);
        assertThat(a.path("imagePullPolicy").asString()).isEqualTo("Always");
        assertThat(spec.path("containers").get(1).path("imagePullPolicy").asString()).isEqualTo("IfNotPresent");
        assertThat(spec.path("containers").get(2).path("imagePullPolicy").asString()).as("a registry port is no tag").isEqualTo("Always");
        assertThat(spec.path("containers").get(3).path("imagePullPolicy").asString()).isEqualTo("IfNotPresent");
        assertThat(a.path("readinessProbe")).isEqualTo(obj("{'httpGet':{'port':8080,'path':'/','scheme':'HTTP'},"
                + "'timeoutSeconds':1,'periodSeconds':10,'successThreshold':1,'failureThreshold':3}"));
        assertThat(a.path("livenessProbe").path("periodSeconds").asInt()).isEqualTo(5);
        assertThat(a.path("resources")).isEqualTo(obj("{'limits':{'cpu':'1'},'requests':{'cpu':'1'}}"));
        assertThat(a.path("ports").get(0).path("protocol").asString()).isEqualTo("TCP");
        assertThat(a.path("env").get(0).path("valueFrom").path("fieldRef").path("apiVersion").asString()).isEqualTo("v1");
        assertThat(spec.path("volumes")).isEqualTo(obj("{'v':[{'name':'cfg','configMap':{'name':'c','defaultMode':420}},"
                + "{'name':'tmp','emptyDir':{}},{'name':'s','secret':{'secretName':'x','defaultMode':420}},"
                + "{'name':'h','hostPath':{'path':'/data','type':''}}]}").path("v"));
    }

    @Test
    void templatesGetNoPodOnlyDefaults() {
        ObjectNode d = defaulted("deployments.apps", "{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'a:1',"
                + "'resources':{'limits':{'cpu':'1'}}}]}}}}");
        JsonNode pod = d.path("spec").path("template").path("spec");
        assertThat(pod.has("enableServiceLinks")).isFalse();
        assertThat(pod.path("containers").get(0).path("resources")).isEqualTo(obj("{'limits':{'cpu':'1'}}"));
    }

    @Test
    void services() {
        ObjectNode c = defaulted("services", "{'spec':{'ports':[{'port':80}]}}");
        assertThat(c.path("spec")).isEqualTo(obj("{'ports':[{'port':80,'protocol':'TCP','targetPort':80}],'type':'ClusterIP',"
                + "'sessionAffinity':'None','internalTrafficPolicy':'Cluster'}"));
        ObjectNode lb = defaulted("services", "{'spec':{'type':'LoadBalancer','ports':[{'port':80,'targetPort':'http'}]}}");
        assertThat(lb.path("spec").path("externalTrafficPolicy").asString()).isEqualTo("Cluster");
        assertThat(lb.path("spec").path("allocateLoadBalancerNodePorts").asBoolean()).isTrue();
        assertThat(lb.path("spec").path("ports").get(0).path("targetPort").asString()).isEqualTo("http");
        ObjectNode affinity = defaulted("services", "{'spec':{'sessionAffinity':'ClientIP'}}");
        assertThat(affinity.path("spec").path("sessionAffinityConfig")).isEqualTo(obj("{'clientIP':{'timeoutSeconds':10800}}"));
        ObjectNode external = defaulted("services", "{'spec':{'type':'ExternalName','externalName':'db.example'}}");
        assertThat(external.path("spec").has("internalTrafficPolicy")).isFalse();
    }

    @Test
    void namespaceLabelPhaseAndFinalizer() {
        ObjectNode ns = defaulted("namespaces", "{'metadata':{'name':'demo'}}");
        assertThat(ns).isEqualTo(obj("{'metadata':{'name':'demo','labels':{'kubernetes.io/metadata.name':'demo'}},"
                + "'spec':{'finalizers':['kubernetes']},'status':{'phase':'Active'}}"));
    }

    @Test
    void jobsAndCronJobs() {
        ObjectNode j = defaulted("jobs.batch", "{'spec':{'template':{'spec':{'restartPolicy':'Never','containers':[]}}}}");
        JsonNode spec = j.path("spec");
        assertThat(spec.path("completions").asInt()).isEqualTo(1);
        assertThat(spec.path("parallelism").asInt()).isEqualTo(1);
        assertThat(spec.path("backoffLimit").asInt()).isEqualTo(6);
        assertThat(spec.path("completionMode").asString()).isEqualTo("NonIndexed");
        assertThat(spec.path("suspend").asBoolean(true)).isFalse();
        assertThat(spec.path("podReplacementPolicy").asString()).isEqualTo("TerminatingOrFailed");
        assertThat(spec.path("template").path("spec").path("restartPolicy").asString()).isEqualTo("Never");
        ObjectNode parallel = defaulted("jobs.batch", "{'spec':{'parallelism':3}}");
        assertThat(parallel.path("spec").has("completions")).as("parallelism alone leaves completions unset").isFalse();
        ObjectNode cj = defaulted("cronjobs.batch", "{'spec':{'schedule':'* * * * *','jobTemplate':{'spec':{'template':{'spec':{'containers':[]}}}}}}");
        assertThat(cj.path("spec").path("concurrencyPolicy").asString()).isEqualTo("Allow");
        assertThat(cj.path("spec").path("successfulJobsHistoryLimit").asInt()).isEqualTo(3);
        assertThat(cj.path("spec").path("failedJobsHistoryLimit").asInt()).isEqualTo(1);
        assertThat(cj.path("spec").path("suspend").asBoolean(true)).isFalse();
        assertThat(cj.path("spec").path("jobTemplate").path("spec").has("backoffLimit")).as("Job defaults are not a JobSpec's").isFalse();
    }

    @Test
    void otherKinds() {
        assertThat(defaulted("secrets", "{}").path("type").asString()).isEqualTo("Opaque");
        ObjectNode pv = defaulted("persistentvolumes", "{'spec':{}}");
        assertThat(pv.path("spec").path("persistentVolumeReclaimPolicy").asString()).isEqualTo("Retain");
        assertThat(pv.path("status").path("phase").asString()).isEqualTo("Pending");
        assertThat(defaulted("storageclasses.storage.k8s.io", "{}")).isEqualTo(obj("{'reclaimPolicy':'Delete','volumeBindingMode':'Immediate'}"));
        ObjectNode rb = defaulted("rolebindings.rbac.authorization.k8s.io", "{'subjects':[{'kind':'User','name':'jane'},"
                + "{'kind':'ServiceAccount','name':'robot','namespace':'demo'}]}");
        assertThat(rb.path("subjects").get(0).path("apiGroup").asString()).isEqualTo("rbac.authorization.k8s.io");
        assertThat(rb.path("subjects").get(1).has("apiGroup")).isFalse();
        ObjectNode hpa = defaulted("horizontalpodautoscalers.autoscaling", "{'spec':{'maxReplicas':5}}");
        assertThat(hpa.path("spec").path("minReplicas").asInt()).isEqualTo(1);
        assertThat(hpa.path("spec").path("metrics").get(0).path("resource").path("target").path("averageUtilization").asInt()).isEqualTo(80);
        ObjectNode hook = defaulted("mutatingwebhookconfigurations.admissionregistration.k8s.io",
                "{'webhooks':[{'name':'w','clientConfig':{'service':{'name':'istiod','namespace':'istio-system'}},'rules':[{'operations':['CREATE']}]}]}");
        assertThat(hook.path("webhooks").get(0)).isEqualTo(obj("{'name':'w','clientConfig':{'service':{'name':'istiod','namespace':'istio-system','port':443}},"
                + "'rules':[{'operations':['CREATE'],'scope':'*'}],'failurePolicy':'Fail','matchPolicy':'Equivalent','namespaceSelector':{},"
                + "'objectSelector':{},'timeoutSeconds':10,'reinvocationPolicy':'Never'}"));
    }

    @Test
    void serviceAccountVolumeMountsEveryContainerUnlessOptedOut() {
        ObjectNode pod = obj("{'metadata':{'name':'p','uid':'u1'},'spec':{'containers':[{'name':'a'},{'name':'b','volumeMounts':[{'name':'own',"
                + "'mountPath':'/var/run/secrets/kubernetes.io/serviceaccount'}]}]}}");
        ServiceAccountVolume.add(pod, null);
        JsonNode v = pod.path("spec").path("volumes").get(0);
        String name = v.path("name").asString();
        assertThat(name).matches("kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}");
        assertThat(v.path("projected").path("sources").get(0).path("serviceAccountToken").path("expirationSeconds").asInt()).isEqualTo(3607);
        assertThat(v.path("projected").path("sources").get(1).path("configMap").path("name").asString()).isEqualTo("kube-root-ca.crt");
        assertThat(pod.path("spec").path("containers").get(0).path("volumeMounts").get(0))
                .isEqualTo(obj("{'mountPath':'/var/run/secrets/kubernetes.io/serviceaccount','name':'" + name + "','readOnly':true}"));
        assertThat(pod.path("spec").path("containers").get(1).path("volumeMounts").size()).isEqualTo(1);
        ServiceAccountVolume.add(pod, null);
        assertThat(pod.path("spec").path("volumes").size()).as("once only").isEqualTo(1);

        ObjectNode optOut = obj("{'metadata':{'name':'q'},'spec':{'containers':[{'name':'a'}]}}");
        ServiceAccountVolume.add(optOut, obj("{'automountServiceAccountToken':false}"));
        assertThat(optOut.path("spec").has("volumes")).isFalse();
        ObjectNode podWins = obj("{'metadata':{'name':'r'},'spec':{'automountServiceAccountToken':true,'containers':[{'name':'a'}]}}");
        ServiceAccountVolume.add(podWins, obj("{'automountServiceAccountToken':false}"));
        assertThat(podWins.path("spec").path("volumes").size()).isEqualTo(1);
    }
}
