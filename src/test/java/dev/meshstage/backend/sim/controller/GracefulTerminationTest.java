package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.FieldSelector;
import dev.meshstage.backend.sim.store.GracefulDeletion;
import dev.meshstage.backend.sim.store.LabelSelector;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.backend.sim.store.WatchEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** A deleted pod terminates in virtual time: grace period, preStop, SIGTERM, the kill, the kubelet's final delete. */
class GracefulTerminationTest {

    /** A container whose command the runtime runs until stopped (a {@code sleep 3600} as PID 1). */
    static final ContainerPrograms SLEEPERS = (pod, c) -> c.path("name").asString().equals("sleeper")
            ? new ContainerPrograms.Run(List.of(), null, 0) : null;

    static String pod(String name, String container, String extraSpec) {
        return "{'metadata':{'name':'" + name + "'},'spec':{" + extraSpec + "'containers':[{'name':'" + container
                + "','image':'nginx'}]}}";
    }

    static SimHarness running(String json) {
        SimHarness sim = new SimHarness().started();
        sim.runtime.programs(SLEEPERS);
        sim.apply("v1", "Pod", "default", json);
        sim.settle();
        return sim;
    }

    static ResourceType pods(SimHarness sim) {
        return sim.type("v1", "Pod");
    }

    static List<WatchEvent> watch(SimHarness sim) {
        List<WatchEvent> seen = new CopyOnWriteArrayList<>();
        sim.store.watch(pods(sim), "default", LabelSelector.everything(), FieldSelector.everything(), sim.store.resourceVersion(), seen::add);
        return seen;
    }

    static void delete(SimHarness sim, String name, Long grace) {
        sim.store.delete(pods(sim), "default", name, null, null, grace);
        sim.settle();
    }

    /** Lets virtual time run until {@code at} (each outside write lets it run 60 s ahead by itself: graces here are longer). */
    static void until(SimHarness sim, Instant at) {
        Duration d = Duration.between(sim.clock.get(), at);
        sim.runtime.advance(d.isNegative() ? Duration.ZERO : d);
    }

    @Test
    void aServerStopsAtOnceOnSigterm() {
        try (SimHarness sim = running(pod("web", "nginx", ""))) {
            assertThat(sim.get("v1", "Pod", "default", "web").at("/status/phase").asString()).isEqualTo("Running");
            List<WatchEvent> seen = watch(sim);
            Instant now = sim.clock.get();
            delete(sim, "web", null);
            assertThat(sim.get("v1", "Pod", "default", "web")).isNull();
            ObjectNode marked = seen.get(0).object();
            assertThat(seen.get(0).type()).isEqualTo(WatchEvent.Type.MODIFIED);
            assertThat(marked.at("/metadata/deletionGracePeriodSeconds").asLong()).isEqualTo(30);
            assertThat(Instant.parse(marked.at("/metadata/deletionTimestamp").asString())).isEqualTo(now.plusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            WatchEvent last = seen.get(seen.size() - 1);
            assertThat(last.type()).isEqualTo(WatchEvent.Type.DELETED);
            assertThat(last.object().at("/status/containerStatuses/0/state/terminated/exitCode").asInt()).isZero();
            assertThat(sim.runtime.errors()).isEmpty();
        }
    }

    @Test
    void aCommandThatIgnoresSigtermIsKilledWhenTheGraceEnds() {
        try (SimHarness sim = running(pod("sleepy", "sleeper", "'terminationGracePeriodSeconds':300,"))) {
            List<WatchEvent> seen = watch(sim);
            delete(sim, "sleepy", null);
            ObjectNode terminating = sim.get("v1", "Pod", "default", "sleepy");
            assertThat(terminating.at("/metadata/deletionGracePeriodSeconds").asLong()).isEqualTo(300);
            assertThat(terminating.at("/status/containerStatuses/0/ready").asBoolean()).isFalse();
            assertThat(terminating.at("/status/containerStatuses/0/state/running").isObject()).isTrue();
            Instant deadline = Instant.parse(terminating.at("/metadata/deletionTimestamp").asString());
            until(sim, deadline.minusSeconds(2));
            assertThat(sim.get("v1", "Pod", "default", "sleepy")).as("still terminating before the grace ends").isNotNull();
            until(sim, deadline.plusSeconds(2));
            assertThat(sim.get("v1", "Pod", "default", "sleepy")).isNull();
            WatchEvent last = seen.get(seen.size() - 1);
            assertThat(last.type()).isEqualTo(WatchEvent.Type.DELETED);
            assertThat(last.object().at("/status/containerStatuses/0/state/terminated/exitCode").asInt()).isEqualTo(137);
            assertThat(last.object().at("/status/containerStatuses/0/state/terminated/reason").asString()).isEqualTo("Error");
        }
    }

    @Test
    void preStopRunsBeforeTheServerStops() {
        String json = "{'metadata':{'name':'hooked'},'spec':{'terminationGracePeriodSeconds':300,'containers':[{'name':'nginx',"
                + "'image':'nginx','lifecycle':{'preStop':{'exec':{'command':['/bin/sh','-c','sleep 100']}}}}]}}";
        try (SimHarness sim = running(json)) {
            List<WatchEvent> seen = watch(sim);
            delete(sim, "hooked", null);
            Instant deleted = Instant.parse(sim.get("v1", "Pod", "default", "hooked").at("/metadata/deletionTimestamp").asString())
                    .minusSeconds(300);
            until(sim, deleted.plusSeconds(98));
            assertThat(sim.get("v1", "Pod", "default", "hooked")).as("preStop still sleeping").isNotNull();
            until(sim, deleted.plusSeconds(102));
            assertThat(sim.get("v1", "Pod", "default", "hooked")).isNull();
            assertThat(seen.get(seen.size() - 1).object().at("/status/containerStatuses/0/state/terminated/exitCode").asInt())
                    .as("stopped on SIGTERM, not killed").isZero();
        }
    }

    @Test
    void aSecondDeleteShortensTheGraceAndZeroRemovesAtOnce() {
        try (SimHarness sim = running(pod("sleepy", "sleeper", "'terminationGracePeriodSeconds':300,"))) {
            List<WatchEvent> seen = watch(sim);
            delete(sim, "sleepy", null);
            delete(sim, "sleepy", 400L);
            assertThat(sim.get("v1", "Pod", "default", "sleepy").at("/metadata/deletionGracePeriodSeconds").asLong())
                    .as("a longer grace does not postpone").isEqualTo(300);
            delete(sim, "sleepy", 5L);
            assertThat(sim.get("v1", "Pod", "default", "sleepy")).as("killed 5 s after the second delete").isNull();
            assertThat(seen).anyMatch(e -> e.object().at("/metadata/deletionGracePeriodSeconds").asLong() == 5);
            assertThat(seen.get(seen.size() - 1).object().at("/status/containerStatuses/0/state/terminated/exitCode").asInt()).isEqualTo(137);
        }
        try (SimHarness sim = running(pod("forced", "sleeper", "'terminationGracePeriodSeconds':300,"))) {
            delete(sim, "forced", 0L);
            assertThat(sim.get("v1", "Pod", "default", "forced")).isNull();
        }
    }

    @Test
    void whoGetsAGracePeriod() {
        try (SimHarness sim = new SimHarness()) {
            whoGetsAGracePeriod(sim.store);
        }
    }

    private static void whoGetsAGracePeriod(ObjectStore store) {
        ResourceType pods = store.registry().require("v1", "Pod");
        ResourceType cms = store.registry().require("v1", "ConfigMap");
        ObjectNode running = Bootstrap.q("{'spec':{'nodeName':'n1','terminationGracePeriodSeconds':30},'status':{'phase':'Running'}}");
        assertThat(GracefulDeletion.seconds(pods, running, null)).isEqualTo(30L);
        assertThat(GracefulDeletion.seconds(pods, running, 7L)).isEqualTo(7L);
        assertThat(GracefulDeletion.seconds(pods, running, 0L)).as("--grace-period=0 --force").isNull();
        assertThat(GracefulDeletion.seconds(pods, Bootstrap.q("{'spec':{'nodeName':'n1'}}"), null)).as("unset: 30 s").isEqualTo(30L);
        assertThat(GracefulDeletion.seconds(pods, Bootstrap.q("{'spec':{'nodeName':'n1','terminationGracePeriodSeconds':0}}"), null)).isNull();
        assertThat(GracefulDeletion.seconds(pods, Bootstrap.q("{'spec':{}}"), null)).as("never scheduled").isNull();
        assertThat(GracefulDeletion.seconds(pods, Bootstrap.q("{'spec':{'nodeName':'n1'},'status':{'phase':'Succeeded'}}"), null)).isNull();
        assertThat(GracefulDeletion.seconds(pods, Bootstrap.q("{'spec':{'nodeName':'n1'},'status':{'phase':'Failed'}}"), null)).isNull();
        assertThat(GracefulDeletion.seconds(cms, running, 30L)).as("only pods wait").isNull();
    }

    @Test
    void preStopDurations() {
        assertThat(Termination.preStop(Bootstrap.q("{'lifecycle':{'preStop':{'sleep':{'seconds':12}}}}"))).isEqualTo(Duration.ofSeconds(12));
        assertThat(Termination.preStop(Bootstrap.q("{'lifecycle':{'preStop':{'exec':{'command':['/bin/sh','-c','sleep 15']}}}}")))
                .isEqualTo(Duration.ofSeconds(15));
        assertThat(Termination.preStop(Bootstrap.q("{'lifecycle':{'preStop':{'exec':{'command':['sh','-c','nginx -s quit; sleep 3']}}}}")))
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(Termination.preStop(Bootstrap.q("{'lifecycle':{'preStop':{'exec':{'command':['/usr/bin/cleanup']}}}}"))).isZero();
        assertThat(Termination.preStop(Bootstrap.q("{'lifecycle':{'preStop':{'httpGet':{'path':'/drain','port':8080}}}}"))).isZero();
        assertThat(Termination.preStop(Bootstrap.q("{'name':'c'}"))).isZero();
    }
}
