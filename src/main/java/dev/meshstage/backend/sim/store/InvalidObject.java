package dev.meshstage.backend.sim.store;

import java.util.List;

/**
 * A 422 {@code Invalid} as kube-apiserver gives it: {@code HorizontalPodAutoscaler.autoscaling "web" is invalid:
 * spec.maxReplicas: Invalid value: 1: must be greater than or equal to `minReplicas`}, with one cause per field
 * error in the Status's details (kubectl prints {@code The HorizontalPodAutoscaler "web" is invalid: …} from them).
 */
public final class InvalidObject extends StoreException {

    /** One {@code details.causes} entry: {@code FieldValueInvalid}, {@code Invalid value: 1: must be …}, {@code spec.maxReplicas}. */
    public record Cause(String reason, String message, String field) {
        /** How apimachinery's field.Error prints itself. */
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    private final String group;
    private final String kind;
    private final String name;
    private final List<Cause> causes;

    public InvalidObject(String group, String kind, String name, List<Cause> causes) {
        super(422, "Invalid", (group.isEmpty() ? kind : kind + "." + group) + " \"" + name + "\" is invalid: "
                + (causes.size() == 1 ? causes.get(0).toString() : causes.toString()));
        this.group = group;
        this.kind = kind;
        this.name = name;
        this.causes = List.copyOf(causes);
    }

    public String group() {
        return group;
    }

    public String kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    public List<Cause> causes() {
        return causes;
    }
}
