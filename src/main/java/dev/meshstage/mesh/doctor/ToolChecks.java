package dev.meshstage.mesh.doctor;

import dev.meshstage.mesh.model.ClusterFacts;

import java.util.ArrayList;
import java.util.List;

/** tools and contexts: what the backend drives is installed, and every cluster's context answers. */
final class ToolChecks {

    private ToolChecks() {
    }

    static final List<Check> CHECKS = List.of(
            new Check("backend-tools", Category.TOOLS, "the backend's tools are installed", ToolChecks::tools),
            new Check("contexts", Category.TOOLS, "every cluster's context answers", ToolChecks::contexts));

    static List<Finding> tools(DoctorInput in) {
        List<Finding> out = new ArrayList<>();
        for (ToolFact t : in.backendTools()) {
            if (!t.found()) {
                out.add(Finding.fail(null, t.name() + " not found (the " + in.backend() + " backend runs it)", t.installHint()));
            } else if (t.problem() != null && !t.problem().isEmpty()) {
                out.add(Finding.fail(null, t.name() + ": " + t.problem(), "tools check"));
            }
        }
        return out.isEmpty() ? List.of(Finding.ok(null)) : out;
    }

    static List<Finding> contexts(DoctorInput in) {
        List<Finding> out = new ArrayList<>();
        for (ClusterFacts c : in.clusters()) {
            out.add(c.reachable() ? Finding.ok(c.name())
                    : Finding.fail(c.name(), c.reach().problem(), "cluster create " + c.name()
                            + " (if it exists: kubectl cluster-info " + DoctorInput.ctx(c) + ")"));
        }
        return out;
    }
}
