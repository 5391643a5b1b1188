package dev.meshstage.backend.sim.store;
public record ResourceType(String group, String version, String kind, String plural, String singular,
        boolean namespaced, java.util.List<String> shortNames, java.util.List<String> categories,
        boolean statusSubresource, boolean scaleSubresource, java.util.List<String> verbs) {
    public String apiVersion() { return group.isEmpty() ? version : group + "/" + version; }
    public String groupResource() { return group.isEmpty() ? plural : plural + "." + group; }
}
