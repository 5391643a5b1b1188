package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.backend.sim.store.ResourceType;

import java.util.List;

/**
 * What a resource URL names: {@code /api/v1[/namespaces/NS]/PLURAL[/NAME[/SUB]]} or
 * {@code /apis/G/V[/namespaces/NS]/PLURAL[/NAME[/SUB]]}. {@code namespace} is null for cluster-wide URLs.
 */
record Target(ResourceType type, String namespace, String name, String sub) {

    boolean collection() {
        return name == null;
    }

    /** Null when the URL names no served resource. {@code rest} is what follows the group/version. */
    static Target resolve(ResourceRegistry registry, String group, String version, List<String> rest) {
        if (rest.isEmpty()) {
            return null;
        }
        String ns = null;
        List<String> r = rest;
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
            ResourceType inNs = registry.byPath(group, version, rest.get(2)).orElse(null);
            if (inNs != null && inNs.namespaced()) {
                ns = rest.get(1);
                r = rest.subList(2, rest.size());
            }
        }
        if (r.size() > 3) {
            return null;
        }
        ResourceType type = registry.byPath(group, version, r.get(0)).orElse(null);
        if (type == null) {
            return null;
        }
        if (ns == null && type.namespaced() && r.size() > 1) {
            return null; // a namespaced item without its namespace
        }
        String name = r.size() > 1 ? r.get(1) : null;
        String sub = r.size() > 2 ? r.get(2) : null;
        if (sub != null && Discovery.subresource(type, sub) == null) {
            return null;
        }
        return new Target(type, ns, name, sub);
    }
}
