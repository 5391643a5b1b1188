package dev.meshstage;

/** What {@code version} prints: the same line whether the quick client or the shell answers. */
public final class VersionLine {

    private VersionLine() {
    }

    public static String of(String backend) {
        String v = VersionLine.class.getPackage().getImplementationVersion();
        return "meshstage " + (v == null ? "dev" : v) + " (backend " + backend
                + "; workshop: kind v0.31.0 node v1.34.3, MetalLB v0.14.9, Istio 1.28.3)";
    }
}
