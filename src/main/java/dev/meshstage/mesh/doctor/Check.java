package dev.meshstage.mesh.doctor;

import java.util.List;
import java.util.function.Function;

/**
 * One check of the registry: a stable id (what tests and scripts name), its heading, what it asserts in a user's words,
 * and the rule — a pure function of the doctor's input giving a finding per cluster it concerns.
 */
public record Check(String id, Category category, String title, Function<DoctorInput, List<Finding>> rule) {
}
