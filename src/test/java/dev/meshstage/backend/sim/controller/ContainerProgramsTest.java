package dev.meshstage.backend.sim.controller;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kubelet with containers whose commands run (hand-built runs instead of the shell): exit codes, restart
 * policies, CrashLoopBackOff with its back-off and restart counts, logs over virtual time, Jobs that complete or
 * exceed their backoffLimit, and CronJobs that create Jobs on schedule.
 */
class ContainerProgramsTest {

    /** Each image name says what its run does: {@code exit-N}, {@code print-then-exit}, {@code forever}; others serve. */
    private static final ContainerPrograms PROGRAMS = (pod, container) -> {
        String image = container.path("image").asString();
        if (image.startsWith("exit-")) {
            return new ContainerPrograms.Run(List.of(new ContainerPrograms.Output(Duration.ZERO, "exiting")), Duration.ofSeconds(1),
                    Integer.parseInt(image.substring(5)));
        }
        if (image.equals("print-then-exit")) {
            return new ContainerPrograms.Run(List.of(new ContainerPrograms.Output(Duration.ZERO, "start"),
                    new ContainerPrograms.Output(Duration.ofSeconds(5), "five seconds later")), Duration.ofSeconds(5), 0);
        }
        if (image.equals("forever")) {
            return new ContainerPrograms.Run(List.of(), null, 0);
        }
        return null;
    };

    private static SimHarness sim() {
        SimHarness h = new SimHarness();
        h.runtime.programs(PROGRAMS);
        for (String image : List.of("exit-0", "exit-1", "exit-2", "print-then-exit", "forever")) {
            h.runtime.images().add(image, 1);
        }
        h.runtime.preloadImages(List.of("exit-0", "exit-1", "exit-2", "print-then-exit", "forever"));
        h.runtime.setAutoHorizon(Duration.ZERO); // virtual time passes only when the test says
        return h.started();
    }

    private static String pod(String name, String image, String restartPolicy) {
        return "{'metadata':{'name':'" + name + "'},'spec':{'restartPolicy':'" + restartPolicy + "','containers':[{'name':'c','image':'"
                + image + "'}]}}";
    }

    private static JsonNode state(SimHarness h, String name) {
        return h.get("v1", "Pod", "default", name).path("status");
    }

    /**
     * One pod of one container after some virtual seconds: the phase, and the container's state as
     * {@code running}, {@code terminated REASON EXIT} or {@code restarted} (terminated at least once and started again).
     */
    @ParameterizedTest(name = "{0} with restartPolicy {1}")
    @CsvSource({
            "exit-0, Never,     5,   Succeeded, terminated Completed 0",
            "exit-2, Never,     5,   Failed,    terminated Error 2",
            "exit-0, OnFailure, 3,   Succeeded, terminated Completed 0",
            "exit-1, OnFailure, 3,   Running,   restarted",
            "nginx,  Always,    600, Running,   running",
            "forever, Never,    600, Running,   running"})
    void aContainerEndsByItsExitCodeAndRestartsByItsPolicy(String image, String restartPolicy, int seconds, String phase, String container) {
        try (SimHarness h = sim()) {
            h.apply("v1", "Pod", "default", pod("p", image, restartPolicy));
            h.runtime.advance(Duration.ofSeconds(seconds));
            JsonNode status = state(h, "p");
            JsonNode cs = status.path("containerStatuses").path(0);
            assertThat(status.path("phase").asString()).isEqualTo(phase);
            String seen = cs.path("restartCount").asInt() > 0 ? "restarted"
                    : cs.path("state").has("running") ? "running"
                    : cs.at("/state/terminated").isMissingNode() ? cs.path("state").toString()
                    : "terminated " + cs.at("/state/terminated/reason").asString() + " " + cs.at("/state/terminated/exitCode").asInt();
            assertThat(seen).isEqualTo(container);
        }
    }

    @Test
    void aFailedContainersOutputIsItsLog() {
        try (SimHarness h = sim()) {
            h.apply("v1", "Pod", "default", pod("bad", "exit-2", "Never"));
            h.runtime.advance(Duration.ofSeconds(5));
            assertThat(h.runtime.logs().lines("default", "bad", "c", false, false)).containsExactly("exiting");
        }
    }

    @Test
    void outputAppearsWhenTheProcessPrintsIt() {
        try (SimHarness h = sim()) {
            h.apply("v1", "Pod", "default", pod("talker", "print-then-exit", "Never"));
            h.runtime.advance(Duration.ofSeconds(2));
            assertThat(h.runtime.logs().lines("default", "talker", "c", false, false)).containsExactly("start");
            assertThat(state(h, "talker").path("phase").asString()).isEqualTo("Running");
            h.runtime.advance(Duration.ofSeconds(5));
            assertThat(h.runtime.logs().lines("default", "talker", "c", false, false)).containsExactly("start", "five seconds later");
            assertThat(state(h, "talker").path("phase").asString()).isEqualTo("Succeeded");
        }
    }

    @Test
    void restartPolicyAlwaysBacksOffIntoCrashLoop() {
        try (SimHarness h = sim()) {
            h.apply("v1", "Pod", "default", pod("crash", "exit-1", "Always"));
            for (int i = 0; i < 30 && (!state(h, "crash").at("/containerStatuses/0/state").has("waiting")
                    || state(h, "crash").at("/containerStatuses/0/restartCount").asInt() == 0); i++) {
                h.runtime.advance(Duration.ofSeconds(1)); // pulled, started, exited, restarted at once, exited again
            }
            JsonNode cs = state(h, "crash").path("containerStatuses").path(0);
            assertThat(cs.path("restartCount").asInt()).isEqualTo(1);
            assertThat(cs.at("/state/waiting/reason").asString()).isEqualTo("CrashLoopBackOff");
            assertThat(cs.at("/state/waiting/message").asString()).startsWith("back-off 10s restarting failed container=c pod=crash_default(");
            assertThat(cs.at("/lastState/terminated/exitCode").asInt()).isEqualTo(1);
            assertThat(state(h, "crash").path("phase").asString()).isEqualTo("Running");
            h.runtime.advance(Duration.ofSeconds(12));
            assertThat(state(h, "crash").at("/containerStatuses/0/restartCount").asInt()).isEqualTo(2);
            assertThat(state(h, "crash").at("/containerStatuses/0/state/waiting/message").asString()).startsWith("back-off 20s");
            assertThat(h.runtime.logs().lines("default", "crash", "c", true, false)).containsExactly("exiting");
        }
    }

    @Test
    void jobsCompleteOrExceedTheirBackoffLimit() {
        try (SimHarness h = sim()) {
            h.apply("batch/v1", "Job", "default", "{'metadata':{'name':'good'},'spec':{'template':{'spec':{'restartPolicy':'Never',"
                    + "'containers':[{'name':'c','image':'exit-0'}]}}}}");
            h.apply("batch/v1", "Job", "default", "{'metadata':{'name':'doomed'},'spec':{'backoffLimit':1,'template':{'spec':{"
                    + "'restartPolicy':'Never','containers':[{'name':'c','image':'exit-1'}]}}}}");
            h.runtime.advance(Duration.ofSeconds(30));
            ObjectNode good = h.get("batch/v1", "Job", "default", "good");
            assertThat(Json.conditionTrue(good, "Complete")).isTrue();
            ObjectNode doomed = h.get("batch/v1", "Job", "default", "doomed");
            assertThat(Json.conditionTrue(doomed, "Failed")).isTrue();
            assertThat(doomed.at("/status/failed").asInt()).isEqualTo(2);
            assertThat(doomed.at("/status/conditions").toString()).contains("BackoffLimitExceeded");
        }
    }

    @Test
    void cronJobsCreateJobsOnTheVirtualClock() {
        try (SimHarness h = sim()) {
            h.apply("batch/v1", "CronJob", "default", "{'metadata':{'name':'tick'},'spec':{'schedule':'*/5 * * * *',"
                    + "'successfulJobsHistoryLimit':2,'jobTemplate':{'spec':{'template':{'spec':{'restartPolicy':'Never',"
                    + "'containers':[{'name':'c','image':'exit-0'}]}}}}}}");
            assertThat(h.list("batch/v1", "Job", "default")).isEmpty();
            for (int i = 0; i < 4; i++) {
                h.runtime.advance(Duration.ofMinutes(5));
            }
            h.runtime.advance(Duration.ofMinutes(1)); // the last one finishes, the oldest beyond the limit goes
            List<String> jobs = h.list("batch/v1", "Job", "default").stream().map(j -> j.path("metadata").path("name").asString()).toList();
            assertThat(jobs).hasSize(2).allMatch(n -> n.matches("tick-\\d+"));
            ObjectNode cj = h.get("batch/v1", "CronJob", "default", "tick");
            assertThat(cj.at("/status/lastScheduleTime").asString()).isNotEmpty();
            assertThat(cj.at("/status/lastSuccessfulTime").asString()).isNotEmpty();
            long minutes = Instant.parse(cj.at("/status/lastScheduleTime").asString()).getEpochSecond() / 60;
            assertThat(jobs).contains("tick-" + minutes);
            assertThat(minutes % 5).isZero();
        }
    }

    @ParameterizedTest(name = "{0} after {1}")
    @CsvSource({
            "*/15 * * * *, 2026-01-01T09:07:00Z, 2026-01-01T09:15:00Z",
            "0 3 * * 1,    2026-01-01T09:07:00Z, 2026-01-05T03:00:00Z",
            "@hourly,      2026-01-01T09:07:00Z, 2026-01-01T10:00:00Z"})
    void schedulesParseAsKubernetesWritesThem(String schedule, String after, String next) {
        assertThat(CronJobController.next(CronJobController.expression(schedule), Instant.parse(after))).isEqualTo(Instant.parse(next));
    }
}
