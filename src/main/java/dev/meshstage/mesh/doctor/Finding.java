package dev.meshstage.mesh.doctor;

/**
 * What one check found about one cluster (or the mesh as a whole when {@code cluster} is null): a verdict, why in a
 * user's words, and the one command or kubectl line that fixes it.
 */
public record Finding(String cluster, Verdict verdict, String reason, String hint) {

    public static Finding ok(String cluster) {
        return new Finding(cluster, Verdict.OK, null, null);
    }

    public static Finding skipped(String cluster, String reason) {
        return new Finding(cluster, Verdict.SKIPPED, reason, null);
    }

    public static Finding warn(String cluster, String reason, String hint) {
        return new Finding(cluster, Verdict.WARN, reason, hint);
    }

    public static Finding fail(String cluster, String reason, String hint) {
        return new Finding(cluster, Verdict.FAIL, reason, hint);
    }
}
