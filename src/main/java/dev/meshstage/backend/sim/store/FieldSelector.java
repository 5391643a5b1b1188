package dev.meshstage.backend.sim.store;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Field selectors as clients send them: {@code metadata.name=x,status.phase!=Running,spec.nodeName=n,
 * involvedObject.kind=Pod}. Any dotted path of the object is accepted.
 */
public final class FieldSelector {

    public record Term(String path, boolean equals, String value) {
    }

    private static final FieldSelector EVERYTHING = new FieldSelector(List.of());
    private final List<Term> terms;

    private FieldSelector(List<Term> terms) {
        this.terms = List.copyOf(terms);
    }

    public static FieldSelector everything() {
        return EVERYTHING;
    }

    public List<Term> terms() {
        return terms;
    }

    /** The value of {@code metadata.name=…}, if the selector pins one (lets a list become a get). */
    public String pinnedName() {
        return terms.stream().filter(t -> t.equals && t.path.equals("metadata.name")).map(Term::value).findFirst().orElse(null);
    }

    public static FieldSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<Term> out = new ArrayList<>();
        for (String raw : text.split(",")) {
            String t = raw.trim();
            if (t.isEmpty()) {
                continue;
            }
            int ne = t.indexOf("!=");
            int eq = t.indexOf('=');
            if (ne > 0) {
                out.add(new Term(t.substring(0, ne), false, t.substring(ne + 2)));
            } else if (eq > 0) {
                out.add(new Term(t.substring(0, eq), true, t.substring(t.startsWith("==", eq) ? eq + 2 : eq + 1)));
            } else {
                throw StoreException.badRequest("invalid field selector \"" + text + "\": expected key=value or key!=value");
            }
        }
        return new FieldSelector(out);
    }

    public boolean matches(JsonNode obj) {
        for (Term t : terms) {
            boolean same = Objects.field(obj, t.path).equals(t.value);
            if (same != t.equals) {
                return false;
            }
        }
        return true;
    }
}
