package dev.meshstage.kube;

import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * MetalLB as {@code lb install} applies it: the bundled native manifests of the version the workshop pins,
 * and the workshop's per-cluster pool files. Bundled rather than downloaded (the workshop applies the
 * manifest from raw.githubusercontent.com) so the step works offline and on stage, where conference Wi-Fi
 * is the most likely failure.
 */
public final class MetalLbManifests {

    public static final String VERSION = "v0.14.9";
    public static final String NAMESPACE = "metallb-system";
    /** The Deployment that assigns addresses and serves the validating webhook. */
    public static final String CONTROLLER = "controller";
    /** The DaemonSet that announces the addresses (ARP in L2 mode). */
    public static final String SPEAKER = "speaker";

    private static final String RESOURCE = "/manifests/metallb/metallb-native-" + VERSION + ".yaml";
    private static final List<ObjectNode> NATIVE = load();

    private MetalLbManifests() {
    }

    /** The objects of MetalLB's native install in apply order (a fresh copy each call: callers may edit them). */
    public static List<ObjectNode> install() {
        return NATIVE.stream().map(ObjectNode::deepCopy).toList();
    }

    /**
     * The objects of a workshop MetalLB file ({@code configs/metallb/metallb-<cluster>.yaml}): its
     * IPAddressPools and L2Advertisements. {@code name} is how messages call the file.
     */
    public static List<ObjectNode> config(Path file, String name) {
        return ManifestFiles.read(file, name);
    }

    private static List<ObjectNode> load() {
        try (InputStream in = MetalLbManifests.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("meshstage is missing its bundled " + RESOURCE);
            }
            return List.copyOf(ManifestFiles.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled " + RESOURCE, e);
        }
    }
}
