package dev.meshstage.mesh.doctor;

import java.util.List;

/** Every check's result in registry order; {@code ok} while none failed (warnings do not fail the doctor). */
public record DoctorReport(List<CheckResult> checks) {

    public DoctorReport {
        checks = List.copyOf(checks);
    }

    public boolean ok() {
        return checks.stream().noneMatch(CheckResult::failed);
    }

    public List<CheckResult> failed() {
        return checks.stream().filter(CheckResult::failed).toList();
    }

    public List<CheckResult> warned() {
        return checks.stream().filter(c -> c.verdict() == Verdict.WARN).toList();
    }
}
