package dev.meshstage.dashboard;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The order the dashboard lists namespaces in, in columns and when cycling: the application's first (what a
 * workshop is about), then istio-system, then the clusters' own system namespaces; alphabetical within each.
 */
final class Namespaces {

    static final Comparator<String> ORDER = Comparator.comparingInt(Namespaces::rank).thenComparing(Comparator.naturalOrder());

    private Namespaces() {
    }

    static int rank(String namespace) {
        if (namespace.equals("istio-system")) {
            return 1;
        }
        boolean system = namespace.startsWith("kube-") || namespace.endsWith("-system") || namespace.equals("local-path-storage");
        return system ? 2 : 0;
    }

    static List<String> sorted(Collection<String> namespaces) {
        return namespaces.stream().distinct().sorted(ORDER).toList();
    }
}
