package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.backend.sim.store.WatchEvent;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Until the sim's MetalLB exists: a stand-in that makes the cluster look like {@code lb install} ran (a ready
 * {@code metallb-system/controller} Deployment) and gives every LoadBalancer Service the next address of a fixed
 * range, as MetalLB's controller would from the cluster's pool.
 */
public final class TestLoadBalancer implements SimController {

    private final String prefix;
    private int next;

    /** @param prefix e.g. {@code 172.18.255.} — addresses are prefix + 1, 2, … */
    public TestLoadBalancer(String prefix, int first) {
        this.prefix = prefix;
        this.next = first;
    }

    @Override
    public String name() {
        return "metallb-controller";
    }

    @Override
    public List<ResourceType> watches(ResourceRegistry registry) {
        return List.of(registry.require("v1", "Service"));
    }

    @Override
    public void start(ControllerContext ctx) {
        ObjectNode ns = SystemComponents.namespace("metallb-system");
        Bootstrap.ensure(ctx, ctx.type("v1", "Namespace"), ns);
        Bootstrap.ensure(ctx, ctx.type("apps/v1", "Deployment"), Bootstrap.q(
                "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'controller','namespace':'metallb-system',"
                        + "'labels':{'app':'metallb','component':'controller'}},'spec':{'replicas':1,'selector':{'matchLabels':"
                        + "{'app':'metallb','component':'controller'}},'template':{'metadata':{'labels':{'app':'metallb',"
                        + "'component':'controller'}},'spec':{'containers':[{'name':'controller',"
                        + "'image':'quay.io/metallb/controller:v0.14.9'}]}}}}"));
    }

    @Override
    public void onEvent(WatchEvent e, ControllerContext ctx) {
        if (e.type() == WatchEvent.Type.DELETED || !"LoadBalancer".equals(e.object().path("spec").path("type").asString(""))
                || e.object().path("status").path("loadBalancer").has("ingress")) {
            return;
        }
        ResourceType services = ctx.type("v1", "Service");
        ObjectNode svc = ctx.store().find(services, e.namespace(), e.name());
        if (svc == null || svc.path("status").path("loadBalancer").has("ingress")) {
            return;
        }
        Json.child(Json.child(svc, "status"), "loadBalancer").putArray("ingress").addObject()
                .put("ip", prefix + next++).put("ipMode", "VIP");
        Json.meta(svc).remove("resourceVersion");
        ctx.store().updateStatus(services, e.namespace(), e.name(), svc);
    }
}
