package dev.meshstage.backend.sim.table;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * The JSONPath subset used by CRD {@code additionalPrinterColumns}: {@code .spec.x}, {@code .status.y[0].z},
 * {@code .metadata.labels['app.kubernetes.io/name']}, optional surrounding {@code {}}, {@code [*]} (first
 * element, since printers show the first result only) and negative indexes.
 */
public final class JsonPathLite {
    private JsonPathLite() {
    }

    /** The first value at the path, or null when nothing matches. */
    public static JsonNode eval(JsonNode root, String path) {
        JsonNode cur = root;
        for (String tok : tokens(path)) {
            if (cur == null || cur.isNull()) {
                return null;
            }
            if (tok.startsWith("#")) {
                if (!cur.isArray() || cur.isEmpty()) {
                    return null;
                }
                String idx = tok.substring(1);
                if ("*".equals(idx)) {
                    cur = cur.get(0);
                } else {
                    int i = Integer.parseInt(idx);
                    if (i < 0) {
                        i += cur.size();
                    }
                    cur = i >= 0 && i < cur.size() ? cur.get(i) : null;
                }
            } else {
                cur = cur.isObject() ? cur.get(tok) : null;
            }
        }
        return cur;
    }

    /** Field names as-is, array indexes as {@code #n}. */
    static List<String> tokens(String path) {
        String p = path.trim();
        if (p.startsWith("{") && p.endsWith("}")) {
            p = p.substring(1, p.length() - 1).trim();
        }
        if (p.startsWith("$")) {
            p = p.substring(1);
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '.') {
                i++;
                int j = i;
                while (j < p.length() && p.charAt(j) != '.' && p.charAt(j) != '[') {
                    j++;
                }
                if (j > i) {
                    out.add(p.substring(i, j));
                }
                i = j;
            } else if (c == '[') {
                int j = p.indexOf(']', i);
                if (j < 0) {
                    throw new IllegalArgumentException("unterminated [ in JSONPath " + path);
                }
                String inner = p.substring(i + 1, j).trim();
                if (inner.startsWith("'") || inner.startsWith("\"")) {
                    out.add(inner.substring(1, inner.length() - 1));
                } else {
                    out.add("#" + inner);
                }
                i = j + 1;
            } else {
                int j = i;
                while (j < p.length() && p.charAt(j) != '.' && p.charAt(j) != '[') {
                    j++;
                }
                out.add(p.substring(i, j));
                i = j;
            }
        }
        return out;
    }
}
