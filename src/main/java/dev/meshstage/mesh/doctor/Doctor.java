package dev.meshstage.mesh.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The registry of checks, in heading order, and how their findings become one result per check. Pure: the same input
 * gives the same report.
 */
public final class Doctor {

    public static final List<Check> CHECKS = Stream.of(ToolChecks.CHECKS, ClusterChecks.CHECKS, LoadBalancerChecks.CHECKS,
            TrustChecks.CHECKS, ControlPlaneChecks.CHECKS, EastWestChecks.CHECKS, DiscoveryChecks.CHECKS,
            WorkloadChecks.CHECKS, ApplicationChecks.CHECKS).flatMap(List::stream).toList();

    private Doctor() {
    }

    /** Every check over the whole input. */
    public static DoctorReport examine(DoctorInput in) {
        return examine(in, null);
    }

    /**
     * Every check, keeping only the findings about {@code cluster} and those about the mesh as a whole (one root, pools
     * that overlap); all clusters are still read, since many checks compare them.
     */
    public static DoctorReport examine(DoctorInput in, String cluster) {
        List<CheckResult> results = new ArrayList<>();
        for (Check check : CHECKS) {
            List<Finding> findings = check.rule().apply(in).stream()
                    .filter(f -> cluster == null || f.cluster() == null || f.cluster().equals(cluster)).toList();
            results.add(combine(check, findings));
        }
        return new DoctorReport(results);
    }

    static CheckResult combine(Check check, List<Finding> findings) {
        Verdict worst = findings.stream().map(Finding::verdict).filter(v -> v != Verdict.SKIPPED)
                .reduce(Verdict.OK, Verdict::worst);
        if (findings.isEmpty() || findings.stream().allMatch(f -> f.verdict() == Verdict.SKIPPED)) {
            worst = Verdict.SKIPPED;
        }
        Verdict shown = worst;
        List<Finding> telling = findings.stream().filter(f -> shown == Verdict.SKIPPED ? f.reason() != null
                : f.verdict() == Verdict.WARN || f.verdict() == Verdict.FAIL).toList();
        List<String> reasons = telling.stream().map(f -> (f.cluster() == null ? "" : f.cluster() + ": ") + f.reason())
                .distinct().toList();
        String hint = telling.stream().filter(f -> f.verdict() == shown && f.hint() != null).map(Finding::hint).findFirst()
                .orElse(telling.stream().map(Finding::hint).filter(h -> h != null).findFirst().orElse(null));
        return new CheckResult(check.id(), check.category(), check.title(), worst, reasons, hint);
    }
}
