package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceType;
import org.springframework.scheduling.support.CronExpression;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cronjob controller: on the wall clock in the background server (virtual time in tests), at each time the schedule names (only the latest one when several
 * were missed, as upstream), a Job from {@code jobTemplate} named {@code <cronjob>-<minutes since epoch>};
 * {@code concurrencyPolicy} Forbid skips while one runs, Replace deletes it first; finished Jobs beyond the
 * history limits go; {@code lastScheduleTime}, {@code lastSuccessfulTime} and {@code active} in the status. The
 * five-field schedule (and {@code @hourly} and friends) is read by Spring's CronExpression.
 */
public final class CronJobController extends WorkloadController {

    public static final String COMPONENT = "cronjob-controller";

    private final Map<String, SimRuntime.Timer> wakeUps = new HashMap<>();

    public CronJobController() {
        super(COMPONENT, "cronjob", "batch/v1", "CronJob", "batch/v1", "Job");
    }

    /** A CronJob schedule as Spring reads it: a seconds field of 0 before the five fields; macros as they are. */
    static CronExpression expression(String schedule) {
        String s = schedule.strip();
        return CronExpression.parse(s.startsWith("@") ? s : "0 " + s);
    }

    static Instant next(CronExpression cron, Instant after) {
        ZonedDateTime n = cron.next(after.atZone(ZoneOffset.UTC));
        return n == null ? null : n.toInstant();
    }

    @Override
    void reconcile(ControllerContext ctx, String ns, String name) {
        ObjectStore store = ctx.store();
        ResourceType cronType = ctx.type("batch/v1", "CronJob");
        ResourceType jobType = ctx.type("batch/v1", "Job");
        ObjectNode cj = store.find(cronType, ns, name);
        String key = ns + "/" + name;
        if (cj == null || Pods.deleting(cj)) {
            SimRuntime.Timer t = wakeUps.remove(key);
            if (t != null) {
                t.cancel();
            }
            return;
        }
        JsonNode spec = cj.path("spec");
        CronExpression cron;
        try {
            cron = expression(spec.path("schedule").asString(""));
        } catch (IllegalArgumentException e) {
            ctx.events().warning(COMPONENT, null, cj, "UnparseableSchedule", "unparseable schedule: \"" + spec.path("schedule").asString("")
                    + "\" : " + e.getMessage());
            return;
        }
        Instant now = ctx.now();
        String uid = cj.path("metadata").path("uid").asString();
        List<ObjectNode> jobs = new ArrayList<>(Pods.owned(store, jobType, ns, uid));
        List<ObjectNode> active = jobs.stream().filter(j -> !finished(j)).toList();
        ObjectNode status = cj.path("status").isObject() ? ((ObjectNode) cj.path("status")).deepCopy() : Json.object();
        Instant last = Json.parseTime(status.path("lastScheduleTime"));
        Instant from = last != null ? last : Json.parseTime(cj.path("metadata").path("creationTimestamp"));
        Instant due = from == null ? null : next(cron, from);
        if (due != null && !due.isAfter(now) && !spec.path("suspend").asBoolean(false)) {
            for (Instant later = next(cron, due); later != null && !later.isAfter(now); later = next(cron, later)) {
                due = later; // only the most recent of the missed times runs
            }
            String policy = spec.path("concurrencyPolicy").asString("Allow");
            if (policy.equals("Forbid") && !active.isEmpty()) {
                ctx.events().normal(COMPONENT, null, cj, "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid");
            } else {
                if (policy.equals("Replace")) {
                    for (ObjectNode j : active) {
                        store.delete(jobType, ns, j.path("metadata").path("name").asString(), "Background", null);
                        ctx.events().normal(COMPONENT, null, cj, "SuccessfulDelete", "Deleted job " + j.path("metadata").path("name").asString());
                    }
                }
                String jobName = name + "-" + due.getEpochSecond() / 60;
                if (store.find(jobType, ns, jobName) == null) {
                    store.create(jobType, ns, job(cj, jobName, due));
                    ctx.events().normal(COMPONENT, null, cj, "SuccessfulCreate", "Created job " + jobName);
                }
                status.put("lastScheduleTime", Json.ts(due));
            }
        }
        jobs = new ArrayList<>(Pods.owned(store, jobType, ns, uid));
        prune(ctx, store, jobType, ns, cj, jobs, true, spec.path("successfulJobsHistoryLimit").asInt(3));
        prune(ctx, store, jobType, ns, cj, jobs, false, spec.path("failedJobsHistoryLimit").asInt(1));
        var activeRefs = status.putArray("active");
        Instant lastSuccess = Json.parseTime(status.path("lastSuccessfulTime"));
        for (ObjectNode j : Pods.owned(store, jobType, ns, uid)) {
            if (!finished(j)) {
                activeRefs.addObject().put("apiVersion", "batch/v1").put("kind", "Job").put("name", j.path("metadata").path("name").asString())
                        .put("namespace", ns).put("uid", j.path("metadata").path("uid").asString())
                        .put("resourceVersion", j.path("metadata").path("resourceVersion").asString());
            } else if (Json.conditionTrue(j, "Complete")) {
                Instant done = Json.parseTime(j.path("status").path("completionTime"));
                if (done != null && (lastSuccess == null || done.isAfter(lastSuccess))) {
                    lastSuccess = done;
                }
            }
        }
        if (activeRefs.isEmpty()) {
            status.remove("active");
        }
        if (lastSuccess != null) {
            status.put("lastSuccessfulTime", Json.ts(lastSuccess));
        }
        if (!status.equals(cj.path("status"))) {
            cj.set("status", status);
            Json.meta(cj).remove("resourceVersion");
            store.updateStatus(cronType, ns, name, cj);
        }
        Instant wake = next(cron, now);
        SimRuntime.Timer old = wakeUps.remove(key);
        if (old != null) {
            old.cancel();
        }
        if (wake != null) {
            wakeUps.put(key, ctx.scheduleWall(Duration.between(now, wake), () -> enqueue(ctx, ns, name)));
        }
    }

    private static boolean finished(JsonNode job) {
        return Json.conditionTrue((ObjectNode) job, "Complete") || Json.conditionTrue((ObjectNode) job, "Failed");
    }

    private static ObjectNode job(ObjectNode cj, String name, Instant scheduled) {
        JsonNode template = cj.path("spec").path("jobTemplate");
        ObjectNode job = Json.newObject("batch/v1", "Job", cj.path("metadata").path("namespace").asString(), name);
        ObjectNode meta = Json.meta(job);
        if (template.path("metadata").path("labels").isObject()) {
            meta.set("labels", template.path("metadata").path("labels").deepCopy());
        }
        ObjectNode annotations = meta.putObject("annotations");
        template.path("metadata").path("annotations").properties().forEach(e -> annotations.set(e.getKey(), e.getValue().deepCopy()));
        annotations.put("batch.kubernetes.io/cronjob-scheduled-timestamp", Json.ts(scheduled));
        meta.putArray("ownerReferences").add(Json.controllerRef(cj));
        job.set("spec", template.path("spec").deepCopy());
        return job;
    }

    /** Deletes the oldest finished Jobs (succeeded or failed ones) beyond {@code limit}. */
    private static void prune(ControllerContext ctx, ObjectStore store, ResourceType jobType, String ns, ObjectNode cj, List<ObjectNode> jobs,
            boolean succeeded, int limit) {
        List<ObjectNode> done = jobs.stream().filter(j -> Json.conditionTrue(j, succeeded ? "Complete" : "Failed"))
                .sorted(Comparator.comparing(j -> j.path("metadata").path("creationTimestamp").asString())).toList();
        for (int i = 0; i < done.size() - Math.max(limit, 0); i++) {
            String n = done.get(i).path("metadata").path("name").asString();
            store.delete(jobType, ns, n, "Background", null);
            ctx.events().normal(COMPONENT, null, cj, "SuccessfulDelete", "Deleted job " + n);
        }
    }
}
