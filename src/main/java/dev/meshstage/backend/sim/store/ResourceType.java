package dev.meshstage.backend.sim.store;

import java.util.List;

/**
 * A kind the simulated API server serves: where it lives in the URL space, how discovery describes it,
 * and which subresources it has. Built-in kinds come from {@link ResourceRegistry}; CRDs add more at run time.
 */
public record ResourceType(String group, String version, String kind, String plural, String singular,
        boolean namespaced, List<String> shortNames, List<String> categories,
        boolean statusSubresource, boolean scaleSubresource, List<String> verbs) {

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** Storage identity: every served version of a group/resource shares one set of objects. */
    public String groupResource() {
        return group.isEmpty() ? plural : plural + "." + group;
    }
}
