package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.backend.sim.store.StoreException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * One page of a list ({@code ?limit=N&continue=TOKEN}, what {@code kubectl get --chunk-size} and informers send):
 * items in the store's order (namespace, name) after the token's key, at most {@code limit}; the token is
 * the real server's form, base64 of {@code {"v":"meta.k8s.io/v1","rv":N,"start":"<ns>/<name>\u0000"}}.
 */
record ListChunk(List<ObjectNode> items, String next, long remaining) {

    static ListChunk of(List<ObjectNode> all, long resourceVersion, String limitParam, String continueParam) {
        int from = 0;
        if (continueParam != null && !continueParam.isEmpty()) {
            String start = start(continueParam);
            while (from < all.size() && compare(key(all.get(from)), start) < 0) {
                from++;
            }
        }
        long limit = 0;
        if (limitParam != null && !limitParam.isEmpty()) {
            try {
                limit = Long.parseLong(limitParam);
            } catch (NumberFormatException e) {
                throw StoreException.badRequest("limit: Invalid value: \"" + limitParam + "\": must be a non-negative integer");
            }
        }
        if (limit <= 0 || from + limit >= all.size()) {
            return new ListChunk(all.subList(from, all.size()), null, 0);
        }
        List<ObjectNode> page = all.subList(from, (int) (from + limit));
        String startNext = key(page.get(page.size() - 1)) + "\u0000";
        ObjectNode token = Json.object();
        token.put("v", "meta.k8s.io/v1");
        token.put("rv", resourceVersion);
        token.put("start", startNext);
        String next = Base64.getEncoder().encodeToString(Json.bytes(token));
        return new ListChunk(page, next, all.size() - from - limit);
    }

    /** Sets {@code continue} and {@code remainingItemCount} on a list's metadata when more items follow. */
    void annotate(ObjectNode listMeta) {
        if (next != null) {
            listMeta.put("continue", next);
            listMeta.put("remainingItemCount", remaining);
        }
    }

    private static String key(ObjectNode o) {
        JsonNode m = o.path("metadata");
        String ns = m.path("namespace").asString("");
        return (ns.isEmpty() ? "" : ns + "/") + m.path("name").asString("");
    }

    /** Orders keys as the store lists objects: by namespace, then by name. */
    static int compare(String a, String b) {
        int sa = a.indexOf('/');
        int sb = b.indexOf('/');
        String nsA = sa < 0 ? "" : a.substring(0, sa);
        String nsB = sb < 0 ? "" : b.substring(0, sb);
        int c = nsA.compareTo(nsB);
        return c != 0 ? c : a.substring(sa + 1).compareTo(b.substring(sb + 1));
    }

    private static String start(String token) {
        try {
            JsonNode t = Json.MAPPER.readTree(new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8));
            if (!t.path("v").asString("").equals("meta.k8s.io/v1") || !t.has("start")) {
                throw new IllegalArgumentException("not a continue token");
            }
            return t.path("start").asString();
        } catch (RuntimeException e) {
            throw StoreException.badRequest("continue key is not valid: " + e.getMessage());
        }
    }
}
