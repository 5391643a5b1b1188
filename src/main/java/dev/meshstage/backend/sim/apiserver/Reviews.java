package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.backend.sim.store.StoreException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The review kinds, answered on create and never stored: {@code SelfSubjectReview} ({@code kubectl auth whoami}),
 * {@code SelfSubjectAccessReview} ({@code kubectl auth can-i}), {@code SelfSubjectRulesReview}
 * ({@code can-i --list}), {@code SubjectAccessReview}/{@code LocalSubjectAccessReview} (for another user) and
 * {@code TokenReview}.
 */
final class Reviews {

    private final Rbac rbac;
    private final Authenticator auth;

    Reviews(Rbac rbac, Authenticator auth) {
        this.rbac = rbac;
        this.auth = auth;
    }

    /** The review with its status filled in. */
    ObjectNode answer(String kind, ObjectNode review, UserInfo requester, String namespace) {
        ObjectNode out = review.deepCopy();
        if (!(out.get("metadata") instanceof ObjectNode)) {
            out.putObject("metadata");
        }
        ObjectNode status = out.putObject("status");
        switch (kind) {
            case "SelfSubjectReview" -> userInfo(status.putObject("userInfo"), requester);
            case "SelfSubjectAccessReview" -> access(status, requester, spec(out), null);
            case "SubjectAccessReview" -> access(status, subject(spec(out)), spec(out), null);
            case "LocalSubjectAccessReview" -> access(status, subject(spec(out)), spec(out), namespace);
            case "SelfSubjectRulesReview" -> rules(status, requester, spec(out).path("namespace").asString(""));
            case "TokenReview" -> token(status, spec(out).path("token").asString(""));
            default -> throw StoreException.badRequest("no review of kind " + kind);
        }
        return out;
    }

    private static ObjectNode spec(ObjectNode review) {
        return review.get("spec") instanceof ObjectNode s ? s : review.putObject("spec");
    }

    private static UserInfo subject(JsonNode spec) {
        String user = spec.path("user").asString("");
        if (user.isEmpty()) {
            throw StoreException.invalid("SubjectAccessReview", "", "spec.user: Invalid value: \"\": at least one of user or group must be specified");
        }
        UserInfo base = UserInfo.of(user);
        java.util.List<String> groups = new java.util.ArrayList<>(base.groups());
        spec.path("groups").forEach(g -> {
            if (!groups.contains(g.asString())) {
                groups.add(g.asString());
            }
        });
        return new UserInfo(user, groups);
    }

    private static void userInfo(ObjectNode into, UserInfo user) {
        into.put("username", user.username());
        ArrayNode groups = into.putArray("groups");
        user.groups().forEach(groups::add);
    }

    private void access(ObjectNode status, UserInfo user, JsonNode spec, String namespace) {
        JsonNode ra = spec.path("resourceAttributes");
        JsonNode nra = spec.path("nonResourceAttributes");
        Rbac.Attributes a;
        if (ra.isObject()) {
            a = new Rbac.Attributes(ra.path("verb").asString(""), ra.path("group").asString(""), ra.path("resource").asString(""),
                    ra.path("subresource").asString(""), namespace != null ? namespace : ra.path("namespace").asString(""),
                    ra.path("name").asString(""), null);
        } else if (nra.isObject()) {
            a = new Rbac.Attributes(nra.path("verb").asString(""), "", "", "", "", "", nra.path("path").asString(""));
        } else {
            throw StoreException.invalid("SelfSubjectAccessReview", "",
                    "spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified");
        }
        Rbac.Decision d = rbac.authorize(user, a);
        status.put("allowed", d.allowed());
        if (d.allowed()) {
            status.put("reason", d.reason());
        }
    }

    private void rules(ObjectNode status, UserInfo user, String namespace) {
        ArrayNode resourceRules = status.putArray("resourceRules");
        ArrayNode nonResourceRules = status.putArray("nonResourceRules");
        for (Rbac.Grant g : rbac.grants(user, namespace)) {
            for (JsonNode rule : g.rules()) {
                if (rule.has("nonResourceURLs")) {
                    ObjectNode r = nonResourceRules.addObject();
                    r.set("verbs", rule.path("verbs").deepCopy());
                    r.set("nonResourceURLs", rule.path("nonResourceURLs").deepCopy());
                } else {
                    ObjectNode r = resourceRules.addObject();
                    r.set("verbs", rule.path("verbs").deepCopy());
                    for (String f : new String[] {"apiGroups", "resources", "resourceNames"}) {
                        if (rule.has(f)) {
                            r.set(f, rule.get(f).deepCopy());
                        }
                    }
                }
            }
        }
        status.put("incomplete", false);
    }

    private void token(ObjectNode status, String token) {
        String user = token.isEmpty() ? null : auth.authenticate("Bearer " + token);
        status.put("authenticated", user != null);
        if (user != null) {
            userInfo(status.putObject("user"), UserInfo.of(user));
            status.putArray("audiences").add("https://kubernetes.default.svc.cluster.local");
        }
    }
}
