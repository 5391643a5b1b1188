package dev.meshstage.backend.sim.store;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Kubernetes label selector: equality ({@code a=b}, {@code a==b}, {@code a!=b}), set-based
 * ({@code a in (x,y)}, {@code a notin (x)}) and existence ({@code a}, {@code !a}) requirements, all ANDed.
 */
public final class LabelSelector {

    public enum Op { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

    public record Requirement(String key, Op op, Set<String> values) {
        boolean matches(Map<String, String> labels) {
            String v = labels.get(key);
            return switch (op) {
                case EQUALS, IN -> v != null && values.contains(v);
                case NOT_EQUALS, NOT_IN -> v == null || !values.contains(v);
                case EXISTS -> v != null;
                case DOES_NOT_EXIST -> v == null;
            };
        }
    }

    private static final LabelSelector EVERYTHING = new LabelSelector(List.of());
    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = List.copyOf(requirements);
    }

    public static LabelSelector everything() {
        return EVERYTHING;
    }

    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    public List<Requirement> requirements() {
        return requirements;
    }

    /** The single {@code key=value} this selector requires, if it has one (used to pick an index). */
    public Requirement firstEquality() {
        return requirements.stream().filter(r -> r.op == Op.EQUALS && r.values.size() == 1).findFirst().orElse(null);
    }

    public boolean matches(Map<String, String> labels) {
        for (Requirement r : requirements) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    public boolean matches(JsonNode obj) {
        return requirements.isEmpty() || matches(labelsOf(obj));
    }

    public static Map<String, String> labelsOf(JsonNode obj) {
        JsonNode labels = obj.path("metadata").path("labels");
        if (!labels.isObject() || labels.isEmpty()) {
            return Map.of();
        }
        Map<String, String> m = new java.util.HashMap<>();
        labels.properties().forEach(e -> m.put(e.getKey(), e.getValue().asString()));
        return m;
    }

    /** Parses the query-string form; throws a 400 {@link StoreException} for malformed input. */
    public static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<Requirement> out = new ArrayList<>();
        for (String term : splitTopLevel(text)) {
            out.add(parseTerm(term.trim(), text));
        }
        return new LabelSelector(out);
    }

    /** From a {@code metav1.LabelSelector} ({@code matchLabels} + {@code matchExpressions}). Null matches nothing. */
    public static LabelSelector fromJson(JsonNode selector) {
        if (selector == null || selector.isNull() || selector.isMissingNode()) {
            return null;
        }
        List<Requirement> out = new ArrayList<>();
        selector.path("matchLabels").properties().forEach(e ->
                out.add(new Requirement(e.getKey(), Op.EQUALS, Set.of(e.getValue().asString()))));
        for (JsonNode expr : selector.path("matchExpressions")) {
            Set<String> values = new LinkedHashSet<>();
            expr.path("values").forEach(v -> values.add(v.asString()));
            Op op = switch (expr.path("operator").asString()) {
                case "In" -> Op.IN;
                case "NotIn" -> Op.NOT_IN;
                case "Exists" -> Op.EXISTS;
                case "DoesNotExist" -> Op.DOES_NOT_EXIST;
                default -> throw StoreException.badRequest("unknown label selector operator "
                        + expr.path("operator").asString());
            };
            out.add(new Requirement(expr.path("key").asString(), op, values));
        }
        return new LabelSelector(out);
    }

    /** Equality-only selector from a plain map (Service and ReplicationController selectors). */
    public static LabelSelector fromMap(JsonNode map) {
        if (map == null || !map.isObject() || map.isEmpty()) {
            return null;
        }
        List<Requirement> out = new ArrayList<>();
        map.properties().forEach(e -> out.add(new Requirement(e.getKey(), Op.EQUALS, Set.of(e.getValue().asString()))));
        return new LabelSelector(out);
    }

    private static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts.stream().filter(p -> !p.isBlank()).toList();
    }

    private static Requirement parseTerm(String term, String whole) {
        var setMatch = java.util.regex.Pattern.compile("^([^\\s!=()]+)\\s+(in|notin)\\s*\\((.*)\\)$").matcher(term);
        if (setMatch.matches()) {
            Set<String> values = new LinkedHashSet<>();
            for (String v : setMatch.group(3).split(",")) {
                if (!v.isBlank()) {
                    values.add(v.trim());
                }
            }
            return new Requirement(setMatch.group(1), setMatch.group(2).equals("in") ? Op.IN : Op.NOT_IN, values);
        }
        int ne = term.indexOf("!=");
        if (ne > 0) {
            return new Requirement(checkKey(term.substring(0, ne).trim(), whole), Op.NOT_EQUALS,
                    Set.of(term.substring(ne + 2).trim()));
        }
        int eq = term.indexOf('=');
        if (eq > 0) {
            String value = term.substring(term.startsWith("==", eq) ? eq + 2 : eq + 1).trim();
            return new Requirement(checkKey(term.substring(0, eq).trim(), whole), Op.EQUALS, Set.of(value));
        }
        if (term.startsWith("!")) {
            return new Requirement(checkKey(term.substring(1).trim(), whole), Op.DOES_NOT_EXIST, Set.of());
        }
        return new Requirement(checkKey(term, whole), Op.EXISTS, Set.of());
    }

    private static String checkKey(String key, String whole) {
        if (key.isEmpty() || !key.matches("[A-Za-z0-9./_-]+")) {
            throw StoreException.badRequest("unable to parse requirement: invalid label selector \"" + whole + "\"");
        }
        return key;
    }
}
