package dev.meshstage.mesh.doctor;

import java.util.List;

/**
 * One check's outcome over the clusters asked about: the worst verdict, every reason that is not ok (each naming its
 * cluster), and the hint of the first finding that has one.
 */
public record CheckResult(String id, Category category, String title, Verdict verdict, List<String> reasons, String hint) {

    public CheckResult {
        reasons = List.copyOf(reasons);
    }

    public boolean failed() {
        return verdict == Verdict.FAIL;
    }
}
