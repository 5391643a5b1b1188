package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.backend.sim.store.LabelSelector;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The RBAC authorizer over the cluster's Roles, ClusterRoles and their bindings (aggregated ClusterRoles resolved
 * from the roles their selectors pick): whether a user may do something, and why, as access reviews answer it.
 */
final class Rbac {

    /** What a request does: a resource verb (group, resource, subresource, namespace, name) or a non-resource URL. */
    record Attributes(String verb, String group, String resource, String subresource, String namespace, String name, String path) {

        boolean resourceRequest() {
            return path == null || path.isEmpty();
        }
    }

    /** The answer and, when allowed, the binding that allowed it (the real authorizer's reason text). */
    record Decision(boolean allowed, String reason) {
    }

    /** One binding that applies to the user, with the rules of its role. */
    record Grant(String bindingKind, String bindingName, String bindingNamespace, String roleKind, String roleName,
            String subject, List<JsonNode> rules) {
    }

    private final ObjectStore store;

    Rbac(ObjectStore store) {
        this.store = store;
    }

    Decision authorize(UserInfo user, Attributes a) {
        for (Grant g : grants(user, a.namespace())) {
            for (JsonNode rule : g.rules()) {
                if (a.resourceRequest() ? matchesResource(rule, a) : matchesNonResource(rule, a)) {
                    String binding = g.bindingNamespace() == null ? g.bindingName() : g.bindingName() + "/" + g.bindingNamespace();
                    return new Decision(true, "RBAC: allowed by " + g.bindingKind() + " \"" + binding + "\" of " + g.roleKind()
                            + " \"" + g.roleName() + "\" to " + g.subject());
                }
            }
        }
        return new Decision(false, "");
    }

    /** Bindings that apply to the user: every ClusterRoleBinding, and the RoleBindings of {@code namespace}. */
    List<Grant> grants(UserInfo user, String namespace) {
        List<Grant> out = new ArrayList<>();
        for (ObjectNode b : list("ClusterRoleBinding", "")) {
            String subject = matchingSubject(b, user, null);
            if (subject != null) {
                String role = b.path("roleRef").path("name").asString();
                out.add(new Grant("ClusterRoleBinding", name(b), null, "ClusterRole", role, subject, clusterRoleRules(role, new HashSet<>())));
            }
        }
        if (namespace != null && !namespace.isEmpty()) {
            for (ObjectNode b : list("RoleBinding", namespace)) {
                String subject = matchingSubject(b, user, namespace);
                if (subject == null) {
                    continue;
                }
                String roleKind = b.path("roleRef").path("kind").asString();
                String role = b.path("roleRef").path("name").asString();
                List<JsonNode> rules = roleKind.equals("Role") ? roleRules(namespace, role) : clusterRoleRules(role, new HashSet<>());
                out.add(new Grant("RoleBinding", name(b), namespace, roleKind, role, subject, rules));
            }
        }
        return out;
    }

    private static String matchingSubject(ObjectNode binding, UserInfo user, String bindingNamespace) {
        String[] sa = user.serviceAccount();
        for (JsonNode s : binding.path("subjects")) {
            String kind = s.path("kind").asString();
            String name = s.path("name").asString();
            switch (kind) {
                case "User":
                    if (name.equals(user.username())) {
                        return "User \"" + name + "\"";
                    }
                    break;
                case "Group":
                    if (user.groups().contains(name)) {
                        return "Group \"" + name + "\"";
                    }
                    break;
                case "ServiceAccount": {
                    String ns = s.path("namespace").asString(bindingNamespace == null ? "" : bindingNamespace);
                    if (sa != null && sa[0].equals(ns) && sa[1].equals(name)) {
                        return "ServiceAccount \"" + name + "/" + ns + "\"";
                    }
                    break;
                }
                default:
                    break;
            }
        }
        return null;
    }

    private List<JsonNode> roleRules(String namespace, String name) {
        ObjectNode role = store.find(type("Role"), namespace, name);
        return role == null ? List.of() : rulesOf(role);
    }

    /** A ClusterRole's rules; an aggregated one has those of every ClusterRole its selectors pick. */
    private List<JsonNode> clusterRoleRules(String name, Set<String> seen) {
        if (!seen.add(name)) {
            return List.of();
        }
        ObjectNode role = store.find(type("ClusterRole"), "", name);
        if (role == null) {
            return List.of();
        }
        List<JsonNode> rules = new ArrayList<>(rulesOf(role));
        for (JsonNode selector : role.path("aggregationRule").path("clusterRoleSelectors")) {
            LabelSelector sel = LabelSelector.fromJson(selector);
            for (ObjectNode other : list("ClusterRole", "")) {
                if (sel.matches(other)) {
                    rules.addAll(clusterRoleRules(name(other), seen));
                }
            }
        }
        return rules;
    }

    private static List<JsonNode> rulesOf(ObjectNode role) {
        List<JsonNode> out = new ArrayList<>();
        role.path("rules").forEach(out::add);
        return out;
    }

    static boolean matchesResource(JsonNode rule, Attributes a) {
        if (!contains(rule.path("verbs"), a.verb()) || !contains(rule.path("apiGroups"), a.group())) {
            return false;
        }
        String combined = a.subresource() == null || a.subresource().isEmpty() ? a.resource() : a.resource() + "/" + a.subresource();
        boolean resource = false;
        for (JsonNode r : rule.path("resources")) {
            String s = r.asString();
            resource |= s.equals("*") || s.equals(combined)
                    || (a.subresource() != null && !a.subresource().isEmpty() && s.equals("*/" + a.subresource()));
        }
        if (!resource) {
            return false;
        }
        JsonNode names = rule.path("resourceNames");
        return names.isEmpty() || (a.name() != null && !a.name().isEmpty() && contains(names, a.name()));
    }

    static boolean matchesNonResource(JsonNode rule, Attributes a) {
        if (!contains(rule.path("verbs"), a.verb())) {
            return false;
        }
        for (JsonNode u : rule.path("nonResourceURLs")) {
            String url = u.asString();
            if (url.equals("*") || url.equals(a.path()) || (url.endsWith("*") && a.path().startsWith(url.substring(0, url.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(JsonNode values, String v) {
        for (JsonNode n : values) {
            if (n.asString().equals("*") || n.asString().equals(v)) {
                return true;
            }
        }
        return false;
    }

    private List<ObjectNode> list(String kind, String namespace) {
        return store.list(type(kind), namespace);
    }

    private ResourceType type(String kind) {
        return store.registry().require("rbac.authorization.k8s.io/v1", kind);
    }

    private static String name(JsonNode o) {
        return o.path("metadata").path("name").asString();
    }
}
