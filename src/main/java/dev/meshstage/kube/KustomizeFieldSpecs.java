package dev.meshstage.kube;

import java.util.ArrayList;
import java.util.List;

/**
 * kustomize's built-in field specs (v5.5, {@code api/internal/konfig/builtinpluginconsts}) for the
 * transformers meshstage implements: where labels and annotations go, kind by kind.
 */
final class KustomizeFieldSpecs {

    /** Object labels and pod-template labels ({@code metadatalabels.go}); also {@code includeTemplates}. */
    static final List<FieldSpec> TEMPLATE_LABELS = List.of(
            FieldSpec.any("metadata/labels"),
            new FieldSpec("", "v1", "ReplicationController", "spec/template/metadata/labels", true),
            new FieldSpec("", "", "Deployment", "spec/template/metadata/labels", true),
            new FieldSpec("", "", "ReplicaSet", "spec/template/metadata/labels", true),
            new FieldSpec("", "", "DaemonSet", "spec/template/metadata/labels", true),
            new FieldSpec("apps", "", "StatefulSet", "spec/template/metadata/labels", true),
            new FieldSpec("apps", "", "StatefulSet", "spec/volumeClaimTemplates[]/metadata/labels", true),
            new FieldSpec("batch", "", "Job", "spec/template/metadata/labels", true),
            new FieldSpec("batch", "", "CronJob", "spec/jobTemplate/metadata/labels", true),
            new FieldSpec("batch", "", "CronJob", "spec/jobTemplate/spec/template/metadata/labels", true));

    // (declared before COMMON_LABELS, which is built from them)
    private static final String AFFINITY = "spec/template/spec/affinity/";
    private static final List<String> POD_SELECTORS_IN_TEMPLATES = List.of(
            AFFINITY + "podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
            AFFINITY + "podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
            AFFINITY + "podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels",
            AFFINITY + "podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels",
            "spec/template/spec/topologySpreadConstraints/labelSelector/matchLabels");

    /**
     * Everything {@link #TEMPLATE_LABELS} covers plus selectors ({@code commonlabels.go}): used by
     * {@code commonLabels} and by {@code labels} with {@code includeSelectors: true}. Selectors in
     * affinity terms, PDBs and NetworkPolicies are only changed where they already exist.
     */
    static final List<FieldSpec> COMMON_LABELS = commonLabels();

    /** Where {@code commonAnnotations} go ({@code commonannotations.go}). */
    static final List<FieldSpec> COMMON_ANNOTATIONS = List.of(
            FieldSpec.any("metadata/annotations"),
            new FieldSpec("", "v1", "ReplicationController", "spec/template/metadata/annotations", true),
            new FieldSpec("", "", "Deployment", "spec/template/metadata/annotations", true),
            new FieldSpec("", "", "ReplicaSet", "spec/template/metadata/annotations", true),
            new FieldSpec("", "", "DaemonSet", "spec/template/metadata/annotations", true),
            new FieldSpec("", "", "StatefulSet", "spec/template/metadata/annotations", true),
            new FieldSpec("batch", "", "Job", "spec/template/metadata/annotations", true),
            new FieldSpec("batch", "", "CronJob", "spec/jobTemplate/metadata/annotations", true),
            new FieldSpec("batch", "", "CronJob", "spec/jobTemplate/spec/template/metadata/annotations", true));

    private KustomizeFieldSpecs() {
    }

    private static List<FieldSpec> commonLabels() {
        List<FieldSpec> specs = new ArrayList<>();
        specs.add(new FieldSpec("", "v1", "Service", "spec/selector", true));
        specs.add(new FieldSpec("", "v1", "ReplicationController", "spec/selector", true));
        specs.add(new FieldSpec("", "", "Deployment", "spec/selector/matchLabels", true));
        POD_SELECTORS_IN_TEMPLATES.forEach(path -> specs.add(new FieldSpec("apps", "", "Deployment", path, false)));
        specs.add(new FieldSpec("", "", "ReplicaSet", "spec/selector/matchLabels", true));
        specs.add(new FieldSpec("", "", "DaemonSet", "spec/selector/matchLabels", true));
        specs.add(new FieldSpec("apps", "", "StatefulSet", "spec/selector/matchLabels", true));
        POD_SELECTORS_IN_TEMPLATES.forEach(path -> specs.add(new FieldSpec("apps", "", "StatefulSet", path, false)));
        specs.add(new FieldSpec("batch", "", "Job", "spec/selector/matchLabels", false));
        specs.add(new FieldSpec("batch", "", "CronJob", "spec/jobTemplate/spec/selector/matchLabels", false));
        specs.add(new FieldSpec("policy", "", "PodDisruptionBudget", "spec/selector/matchLabels", false));
        specs.add(new FieldSpec("networking.k8s.io", "", "NetworkPolicy", "spec/podSelector/matchLabels", false));
        specs.add(new FieldSpec("networking.k8s.io", "", "NetworkPolicy", "spec/ingress/from/podSelector/matchLabels", false));
        specs.add(new FieldSpec("networking.k8s.io", "", "NetworkPolicy", "spec/egress/to/podSelector/matchLabels", false));
        specs.addAll(TEMPLATE_LABELS);
        return List.copyOf(specs);
    }
}
