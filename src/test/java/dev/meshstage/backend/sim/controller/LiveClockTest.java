package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.VirtualClock;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A cluster on the live clock (the background server's): stamps on the wall clock, heartbeats that renew. */
class LiveClockTest {

    @Test
    void aLiveClusterIsStampedNowNeverInTheFutureThoughItsTimersRunAhead() {
        Instant before = Instant.now().minusMillis(1);
        try (SimHarness h = new SimHarness(SimHarness.plan("cluster1", "10.244.0.0/16", "10.96.0.0/16", 2),
                VirtualClock.live(VirtualClock.EPOCH), null).started()) {
            h.apply("v1", "Pod", "default", "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'web','namespace':'default'},"
                    + "'spec':{'containers':[{'name':'c','image':'nginx:alpine'}]}}");
            Instant after = Instant.now().plusMillis(1);
            ObjectNode pod = h.get("v1", "Pod", "default", "web");
            assertThat(pod.at("/status/phase").asString()).isEqualTo("Running"); // the pull and start did not wait
            Instant created = Instant.parse(pod.at("/metadata/creationTimestamp").asString());
            Instant started = Instant.parse(pod.at("/status/startTime").asString());
            assertThat(created).isBetween(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS), after);
            assertThat(started).isBeforeOrEqualTo(after).isAfterOrEqualTo(created);
            for (ObjectNode node : h.list("v1", "Node", "")) {
                assertThat(Instant.parse(node.at("/metadata/creationTimestamp").asString()))
                        .as("not at the fixed epoch").isAfter(VirtualClock.EPOCH.plus(Duration.ofDays(1)));
            }
        }
    }

    @Test
    void heartbeatsRenewLeasesAndNodeConditions() throws InterruptedException {
        try (SimHarness h = new SimHarness(SimHarness.plan("cluster1", "10.244.0.0/16", "10.96.0.0/16", 1),
                VirtualClock.live(Instant.now()), null).started()) {
            String renewed = h.get("coordination.k8s.io/v1", "Lease", "kube-node-lease", "cluster1-worker").at("/spec/renewTime").asString();
            String beat = h.get("v1", "Node", "", "cluster1-worker").at("/status/conditions/0/lastHeartbeatTime").asString();
            Thread.sleep(1100);
            h.runtime.enqueue(null, () -> {
                NodeHeartbeats.renewLeases(h.runtime.context());
                NodeHeartbeats.reportStatus(h.runtime.context());
            });
            h.settle();
            assertThat(Instant.parse(h.get("coordination.k8s.io/v1", "Lease", "kube-node-lease", "cluster1-worker")
                    .at("/spec/renewTime").asString())).isAfter(Instant.parse(renewed));
            assertThat(Instant.parse(h.get("v1", "Node", "", "cluster1-worker").at("/status/conditions/0/lastHeartbeatTime")
                    .asString())).isAfter(Instant.parse(beat));
        }
    }

    static SimHarness live(ContainerPrograms programs) {
        SimHarness h = new SimHarness(SimHarness.plan("cluster1", "10.244.0.0/16", "10.96.0.0/16", 1),
                VirtualClock.live(Instant.now()), null).started();
        h.runtime.programs(programs);
        return h;
    }

    @Test
    void aGracePeriodTakesItsWallTimeThoughPullsAndStartsDoNot() throws InterruptedException {
        try (SimHarness h = live(GracefulTerminationTest.SLEEPERS)) {
            h.apply("v1", "Pod", "default", GracefulTerminationTest.pod("sleepy", "sleeper", "'terminationGracePeriodSeconds':2,"));
            assertThat(h.get("v1", "Pod", "default", "sleepy").at("/status/phase").asString()).isEqualTo("Running");
            long deleted = System.nanoTime();
            h.store.delete(h.type("v1", "Pod"), "default", "sleepy", null, null, null);
            h.settle();
            assertThat(h.get("v1", "Pod", "default", "sleepy")).as("Terminating right after the delete").isNotNull();
            Thread.sleep(1000);
            h.settle();
            assertThat(h.get("v1", "Pod", "default", "sleepy")).as("still Terminating a second later").isNotNull();
            while (h.get("v1", "Pod", "default", "sleepy") != null && System.nanoTime() - deleted < 10_000_000_000L) {
                Thread.sleep(50);
            }
            assertThat(h.get("v1", "Pod", "default", "sleepy")).as("killed when the grace ended").isNull();
            assertThat(Duration.ofNanos(System.nanoTime() - deleted)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
            h.apply("v1", "Pod", "default", GracefulTerminationTest.pod("forced", "sleeper", ""));
            h.store.delete(h.type("v1", "Pod"), "default", "forced", null, null, 0L);
            h.settle();
            assertThat(h.get("v1", "Pod", "default", "forced")).as("--grace-period=0 --force: at once").isNull();
            assertThat(h.runtime.errors()).isEmpty();
        }
    }

    @Test
    void aCrashLoopBackOffIsWaitedOutOnTheWallClock() throws InterruptedException {
        ContainerPrograms failing = (pod, c) -> new ContainerPrograms.Run(List.of(), Duration.ZERO, 1);
        try (SimHarness h = live(failing)) {
            h.apply("v1", "Pod", "default", "{'metadata':{'name':'crash'},'spec':{'containers':[{'name':'c','image':'busybox'}]}}");
            Thread.sleep(300);
            h.settle();
            ObjectNode pod = h.get("v1", "Pod", "default", "crash");
            assertThat(pod.at("/status/containerStatuses/0/restartCount").asInt()).as("restarted once, then waits 10 s").isEqualTo(1);
            assertThat(pod.at("/status/containerStatuses/0/state/waiting/reason").asString()).isEqualTo("CrashLoopBackOff");
        }
    }

    /** A wall clock the test moves by hand. */
    static final class HandWall implements VirtualClock.Wall {
        private static final Instant START = Instant.parse("2026-12-02T03:00:00Z");
        private volatile long nanos;

        @Override
        public Instant now() {
            return START.plusNanos(nanos);
        }

        @Override
        public long nanoTime() {
            return nanos;
        }

        void pass(Duration d) {
            nanos += d.toNanos();
        }
    }

    @Test
    void whatFollowsAWallClockTimerJumpsThoughRetriesTookTheClockUpToTheLimit() {
        HandWall wall = new HandWall();
        VirtualClock clock = VirtualClock.live(wall.now(), wall);
        SimHarness h = new SimHarness(SimHarness.plan("cluster1", "10.244.0.0/16", "10.96.0.0/16", 1), clock, null);
        SimRuntime rt = new SimRuntime(h.store, clock, h.runtime.env());
        rt.start();
        try {
            rt.awaitQuiescence();
            AtomicInteger retries = new AtomicInteger();
            AtomicBoolean ready = new AtomicBoolean();
            Runnable[] retry = new Runnable[1];
            // an app retrying what it connects to every 5 s, and an init container running 1 s of wall time, after
            // which the next container's readiness delay (20 s) starts
            retry[0] = () -> {
                if (retries.incrementAndGet() < 60) {
                    rt.schedule(Duration.ofSeconds(5), retry[0]);
                }
            };
            rt.enqueue(null, () -> {
                rt.schedule(Duration.ofSeconds(5), retry[0]);
                rt.scheduleWall(Duration.ofSeconds(1), () -> rt.schedule(Duration.ofSeconds(20), () -> ready.set(true)));
            });
            rt.awaitQuiescence();
            assertThat(retries.get()).as("the retries jumped the clock up to the limit (60 s)").isEqualTo(12);
            assertThat(ready).isFalse();

            wall.pass(Duration.ofSeconds(1));
            rt.awaitQuiescence();
            assertThat(ready).as("the readiness delay after the init container jumped too").isTrue();
            assertThat(retries.get()).as("within a new limit, not run away").isEqualTo(24);
            assertThat(rt.errors()).isEmpty();
        } finally {
            rt.close();
            h.close();
        }
    }

    @Test
    void anInitContainersSimulatedRunIsSkippedButItsSleepIsWaitedFor() {
        HandWall wall = new HandWall();
        try (SimHarness h = new SimHarness(SimHarness.plan("cluster1", "10.244.0.0/16", "10.96.0.0/16", 1),
                VirtualClock.live(wall.now(), wall), null).started()) {
            h.apply("v1", "Pod", "default", "{'metadata':{'name':'meshed'},'spec':{"
                    + "'initContainers':[{'name':'istio-init','image':'docker.io/istio/proxyv2:1.28.3'}],"
                    + "'containers':[{'name':'app','image':'nginx:alpine','readinessProbe':{'initialDelaySeconds':10}}]}}");
            ObjectNode meshed = h.get("v1", "Pod", "default", "meshed");
            assertThat(meshed.at("/status/phase").asString()).as("no wall time passed").isEqualTo("Running");
            assertThat(meshed.at("/status/containerStatuses/0/ready").asBoolean()).isTrue();

            h.apply("v1", "Pod", "default", "{'metadata':{'name':'sleepy'},'spec':{"
                    + "'initContainers':[{'name':'wait','image':'busybox','command':['sh','-c','sleep 3']}],"
                    + "'containers':[{'name':'app','image':'nginx:alpine'}]}}");
            assertThat(h.get("v1", "Pod", "default", "sleepy").at("/status/phase").asString())
                    .as("its sleep takes wall time").isEqualTo("Pending");
            wall.pass(Duration.ofSeconds(3));
            h.settle();
            assertThat(h.get("v1", "Pod", "default", "sleepy").at("/status/phase").asString()).isEqualTo("Running");
            assertThat(h.runtime.errors()).isEmpty();
        }
    }

    @Test
    void onInstantTimeNothingRenewsBetweenCommands() throws InterruptedException {
        try (SimHarness h = new SimHarness().started()) {
            long rv = h.store.resourceVersion();
            h.runtime.everyLive("test/tick", Duration.ofMillis(20), () -> h.store.create(h.type("v1", "ConfigMap"), "default",
                    dev.meshstage.backend.sim.controller.Bootstrap.q("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'generateName':'t-','namespace':'default'}}")));
            Thread.sleep(200);
            h.settle();
            assertThat(h.store.resourceVersion()).as("no wall-clock work on instant time").isEqualTo(rv);
        }
    }
}
