package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.Admission;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The job controller: runs up to {@code parallelism} pods at a time until {@code completions} have
 * succeeded, then sets SuccessCriteriaMet and Complete with completionTime. As an admission step it also
 * does what the Job strategy does on create: the {@code batch.kubernetes.io/controller-uid} selector and
 * labels, and the spec defaults.
 */
public final class JobController extends WorkloadController implements Admission {

    public static final String COMPONENT = "job-controller";
    public static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
    public static final String JOB_NAME = "batch.kubernetes.io/job-name";

    public JobController() {
        super(COMPONENT, "job", "batch/v1", "Job", "v1", "Pod");
    }

    @Override
    public void admissions(ControllerContext ctx) {
        ctx.addAdmission(this);
    }

    @Override
    public void admit(Operation op, ResourceType type, ObjectNode old, ObjectNode job, StoreView view) {
        if (op != Operation.CREATE || !type.groupResource().equals("jobs.batch")) {
            return;
        }
        String uid = job.path("metadata").path("uid").asString();
        String name = job.path("metadata").path("name").asString();
        ObjectNode spec = Json.child(job, "spec");
        if (!spec.path("manualSelector").asBoolean(false)) {
            ObjectNode selector = spec.putObject("selector");
            selector.putObject("matchLabels").put(CONTROLLER_UID, uid);
            ObjectNode labels = Json.labels(Json.child(spec, "template"));
            labels.put(CONTROLLER_UID, uid);
            labels.put(JOB_NAME, name);
            labels.put("controller-uid", uid);
            labels.put("job-name", name);
        }
        if (!spec.has("backoffLimit")) {
            spec.put("backoffLimit", 6);
        }
        if (!spec.has("completionMode")) {
            spec.put("completionMode", "NonIndexed");
        }
        if (!spec.has("completions") && !spec.has("parallelism")) {
            spec.put("completions", 1);
        }
        if (!spec.has("parallelism")) {
            spec.put("parallelism", 1);
        }
        if (!spec.has("suspend")) {
            spec.put("suspend", false);
        }
        if (!spec.has("podReplacementPolicy")) {
            spec.put("podReplacementPolicy", "TerminatingOrFailed");
        }
        if (!spec.has("manualSelector")) {
            // left unset, as upstream
        }
        if (spec.path("template").path("spec") instanceof ObjectNode podSpec) {
            Pods.defaultPodSpec(podSpec);
        }
    }

    @Override
    void reconcile(ControllerContext ctx, String ns, String name) {
        ObjectStore store = ctx.store();
        ResourceType jobType = ctx.type("batch/v1", "Job");
        ResourceType podType = ctx.type("v1", "Pod");
        ObjectNode job = store.find(jobType, ns, name);
        if (job == null || Pods.deleting(job)) {
            return;
        }
        boolean finished = Json.conditionTrue(job, "Complete") || Json.conditionTrue(job, "Failed");
        List<ObjectNode> pods = Pods.owned(store, podType, ns, job.path("metadata").path("uid").asString());
        int active = 0;
        int succeeded = 0;
        int failed = 0;
        int ready = 0;
        for (ObjectNode p : pods) {
            String phase = p.path("status").path("phase").asString("");
            if (phase.equals("Succeeded")) {
                succeeded++;
            } else if (phase.equals("Failed")) {
                failed++;
            } else if (!Pods.deleting(p)) {
                active++;
                if (Pods.ready(p)) {
                    ready++;
                }
            }
        }
        JsonNode spec = job.path("spec");
        boolean workQueue = !spec.has("completions") || spec.path("completions").isNull();
        int completions = spec.path("completions").asInt(1);
        int parallelism = spec.path("parallelism").asInt(1);
        boolean complete = workQueue ? succeeded > 0 && active == 0 : succeeded >= completions;
        // more failed pods than backoffLimit allows: the Job fails and starts no more (upstream's BackoffLimitExceeded)
        boolean exceeded = !complete && failed > spec.path("backoffLimit").asInt(6);
        if (!finished && !complete && !exceeded && !spec.path("suspend").asBoolean(false)) {
            int want = Math.min(parallelism, workQueue ? parallelism : completions - succeeded) - active;
            for (int i = 0; i < want; i++) {
                ObjectNode pod = Pods.fromTemplate(spec.path("template"), ns, job);
                Json.meta(pod).put("generateName", name + "-");
                ObjectNode created = store.create(podType, ns, pod);
                ctx.events().normal(COMPONENT, null, job, "SuccessfulCreate", "Created pod: " + created.path("metadata").path("name").asString());
                active++;
            }
        }
        ObjectNode old = job.path("status").isObject() ? (ObjectNode) job.path("status") : Json.object();
        ObjectNode status = old.deepCopy();
        if (!status.has("startTime")) {
            status.put("startTime", Json.ts(ctx.now()));
        }
        status.put("active", active);
        if (succeeded > 0) {
            status.put("succeeded", succeeded);
        } else {
            status.remove("succeeded");
        }
        if (failed > 0) {
            status.put("failed", failed);
        } else {
            status.remove("failed");
        }
        status.put("ready", ready);
        status.put("terminating", 0);
        status.putObject("uncountedTerminatedPods");
        boolean justCompleted = complete && !finished;
        if (justCompleted) {
            Json.setCondition(status, "SuccessCriteriaMet", "True", "CompletionsReached", "Reached expected number of succeeded pods",
                    ctx.now(), true, false);
            Json.setCondition(status, "Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods",
                    ctx.now(), true, false);
            for (JsonNode c : status.path("conditions")) {
                ((ObjectNode) c).put("lastProbeTime", Json.ts(ctx.now()));
            }
            status.put("completionTime", Json.ts(ctx.now()));
        }
        boolean justFailed = exceeded && !finished;
        if (justFailed) {
            Json.setCondition(status, "FailureTarget", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit",
                    ctx.now(), true, false);
            Json.setCondition(status, "Failed", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit",
                    ctx.now(), true, false);
            for (JsonNode c : status.path("conditions")) {
                ((ObjectNode) c).put("lastProbeTime", Json.ts(ctx.now()));
            }
        }
        if (!status.equals(old)) {
            job.set("status", status);
            Json.meta(job).remove("resourceVersion");
            store.updateStatus(jobType, ns, name, job);
        }
        if (justCompleted) {
            ctx.events().normal(COMPONENT, null, job, "Completed", "Job completed");
        }
        if (justFailed) {
            ctx.events().warning(COMPONENT, null, job, "BackoffLimitExceeded", "Job has reached the specified backoff limit");
        }
    }
}
