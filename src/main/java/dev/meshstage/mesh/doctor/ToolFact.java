package dev.meshstage.mesh.doctor;

/** One tool the backend drives (docker, kind, istioctl, kubectl), as {@code tools check} found it. */
public record ToolFact(String name, boolean found, String version, String problem, String installHint) {
}
