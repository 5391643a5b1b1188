package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.Admission;
import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.node.ObjectNode;


/**
 * Pod defaulting as kube-apiserver does it on create (restartPolicy, dnsPolicy, schedulerName, pull policy
 * from the tag, serviceAccountName, the default NoExecute tolerations, priority from the priority class).
 */
public final class PodDefaultsAdmission implements SimController, Admission {

    @Override
    public String name() {
        return "pod-defaults";
    }

    @Override
    public void admissions(ControllerContext ctx) {
        ctx.addAdmission(this);
    }

    @Override
    public void admit(Operation operation, ResourceType type, ObjectNode oldObject, ObjectNode object, StoreView view) {
        if (operation == Operation.CREATE && type.groupResource().equals("pods") && object.get("spec") instanceof ObjectNode spec) {
            Pods.defaultPodSpec(spec);
        }
    }
}
