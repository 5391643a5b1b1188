package dev.meshstage.backend.sim.stream;

import dev.meshstage.backend.sim.ContainerStreams;

/** The pod a {@code pods/portforward} request reaches and what answers inside it. */
public record PortForwardTarget(String namespace, String pod, ContainerStreams containers) {
}
