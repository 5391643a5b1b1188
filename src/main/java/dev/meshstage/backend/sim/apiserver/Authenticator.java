package dev.meshstage.backend.sim.apiserver;

import dev.meshstage.backend.sim.store.FieldSelector;
import dev.meshstage.backend.sim.store.LabelSelector;
import dev.meshstage.backend.sim.store.ObjectStore;
import dev.meshstage.backend.sim.store.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

/**
 * Bearer-token authentication: the cluster-admin token, the {@code data.token} of any Secret of type
 * {@code kubernetes.io/service-account-token}, or a token this server minted for a TokenRequest (an HS256
 * JWT signed with a key derived from the cluster CA, so it stays valid across restarts).
 */
final class Authenticator {

    static final String ADMIN = "kubernetes-admin";
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private final ObjectStore store;
    private final String adminToken;
    private final byte[] signingKey;

    Authenticator(ObjectStore store, String adminToken, byte[] signingKey) {
        this.store = store;
        this.adminToken = adminToken;
        this.signingKey = signingKey;
    }

    /** The user name for an {@code Authorization} header value, or null when it authenticates no one. */
    String authenticate(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        if (token.isEmpty()) {
            return null;
        }
        if (MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), adminToken.getBytes(StandardCharsets.UTF_8))) {
            return ADMIN;
        }
        if (token.chars().filter(c -> c == '.').count() == 2) {
            String user = verifyJwt(token);
            if (user != null) {
                return user;
            }
        }
        ResourceType secrets = store.registry().byPath("", "v1", "secrets").orElseThrow();
        for (ObjectNode s : store.list(secrets, null, LabelSelector.everything(),
                FieldSelector.parse("type=kubernetes.io/service-account-token")).items()) {
            String data = s.path("data").path("token").asString("");
            if (data.isEmpty()) {
                continue;
            }
            try {
                String decoded = new String(Base64.getMimeDecoder().decode(data), StandardCharsets.UTF_8);
                if (MessageDigest.isEqual(decoded.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
                    String sa = s.path("metadata").path("annotations").path("kubernetes.io/service-account.name").asString("default");
                    return "system:serviceaccount:" + s.path("metadata").path("namespace").asString() + ":" + sa;
                }
            } catch (IllegalArgumentException ignored) {
                // not base64: not a token
            }
        }
        return null;
    }

    /** Mints a service-account token (what {@code serviceaccounts/token} returns). */
    String mint(String namespace, String serviceAccount, String uid, long expirationSeconds, Instant now, JsonNode audiences) {
        ObjectNode header = Json.object();
        header.put("alg", "HS256");
        header.put("typ", "JWT");
        ObjectNode claims = Json.object();
        if (audiences != null && audiences.isArray() && !audiences.isEmpty()) {
            claims.set("aud", audiences.deepCopy());
        } else {
            claims.putArray("aud").add("https://kubernetes.default.svc.cluster.local");
        }
        claims.put("exp", now.getEpochSecond() + expirationSeconds);
        claims.put("iat", now.getEpochSecond());
        claims.put("iss", "https://kubernetes.default.svc.cluster.local");
        ObjectNode k8s = claims.putObject("kubernetes.io");
        k8s.put("namespace", namespace);
        ObjectNode sa = k8s.putObject("serviceaccount");
        sa.put("name", serviceAccount);
        sa.put("uid", uid);
        claims.put("nbf", now.getEpochSecond());
        claims.put("sub", "system:serviceaccount:" + namespace + ":" + serviceAccount);
        String signingInput = B64URL.encodeToString(Json.bytes(header)) + "." + B64URL.encodeToString(Json.bytes(claims));
        return signingInput + "." + B64URL.encodeToString(hmac(signingInput));
    }

    private String verifyJwt(String token) {
        int last = token.lastIndexOf('.');
        String signingInput = token.substring(0, last);
        byte[] sig;
        try {
            sig = Base64.getUrlDecoder().decode(token.substring(last + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!MessageDigest.isEqual(sig, hmac(signingInput))) {
            return null;
        }
        try {
            JsonNode claims = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(signingInput.substring(signingInput.indexOf('.') + 1)));
            if (claims.path("exp").asLong(0) < Instant.now().getEpochSecond()) {
                return null;
            }
            return claims.path("sub").asString(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private byte[] hmac(String input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            return mac.doFinal(input.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
