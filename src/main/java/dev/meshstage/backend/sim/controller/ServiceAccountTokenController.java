package dev.meshstage.backend.sim.controller;

import dev.meshstage.backend.sim.store.ResourceRegistry;
import dev.meshstage.backend.sim.store.ResourceType;
import dev.meshstage.backend.sim.store.WatchEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The token controller: a Secret of type {@code kubernetes.io/service-account-token} annotated with
 * {@code kubernetes.io/service-account.name} gets {@code data.token} (a JWT-shaped bearer token with a random
 * signature — tokens are secrets, so they are not derived from the seed), {@code data.ca.crt} and
 * {@code data.namespace}, plus the ServiceAccount's uid annotation. The API server authenticates a bearer
 * token by finding the Secret that holds it ({@link #isTokenSecret}).
 */
public final class ServiceAccountTokenController implements SimController {

    public static final String TYPE = "kubernetes.io/service-account-token";
    public static final String SA_NAME = "kubernetes.io/service-account.name";
    public static final String SA_UID = "kubernetes.io/service-account.uid";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public String name() {
        return "tokens-controller";
    }

    @Override
    public List<ResourceType> watches(ResourceRegistry registry) {
        return List.of(registry.require("v1", "Secret"), registry.require("v1", "ServiceAccount"));
    }

    public static boolean isTokenSecret(JsonNode secret) {
        return TYPE.equals(secret.path("type").asString(""));
    }

    @Override
    public void onEvent(WatchEvent e, ControllerContext ctx) {
        if (e.type() == WatchEvent.Type.DELETED) {
            return;
        }
        String ns = e.namespace();
        if (e.object().path("kind").asString().equals("ServiceAccount")) {
            String sa = e.name();
            ctx.enqueue("tokens/sa/" + ns + "/" + sa, () -> {
                for (ObjectNode s : ctx.store().list(ctx.type("v1", "Secret"), ns)) {
                    if (isTokenSecret(s) && sa.equals(Json.stringMap(s.path("metadata").path("annotations")).get(SA_NAME))) {
                        fill(ctx, ns, s.path("metadata").path("name").asString());
                    }
                }
            });
        } else if (isTokenSecret(e.object()) && !e.object().path("data").has("token")) {
            String name = e.name();
            ctx.enqueue("tokens/secret/" + ns + "/" + name, () -> fill(ctx, ns, name));
        }
    }

    private void fill(ControllerContext ctx, String ns, String name) {
        ResourceType secrets = ctx.type("v1", "Secret");
        ObjectNode secret = ctx.store().find(secrets, ns, name);
        if (secret == null || !isTokenSecret(secret) || secret.path("data").has("token")) {
            return;
        }
        String saName = Json.stringMap(secret.path("metadata").path("annotations")).get(SA_NAME);
        if (saName == null) {
            return;
        }
        ObjectNode sa = ctx.store().find(ctx.type("v1", "ServiceAccount"), ns, saName);
        if (sa == null) {
            return; // filled once the ServiceAccount exists
        }
        String saUid = sa.path("metadata").path("uid").asString();
        Json.annotations(secret).put(SA_UID, saUid);
        ObjectNode data = Json.child(secret, "data");
        data.put("token", b64(token(ns, name, saName, saUid)));
        data.put("ca.crt", b64(ctx.env().caPemOrPlaceholder()));
        data.put("namespace", b64(ns));
        ctx.store().update(secrets, ns, name, secret);
    }

    private static String token(String ns, String secret, String sa, String saUid) {
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        byte[] kid = new byte[32];
        byte[] sig = new byte[256];
        RANDOM.nextBytes(kid);
        RANDOM.nextBytes(sig);
        String header = "{\"alg\":\"RS256\",\"kid\":\"" + url.encodeToString(kid) + "\"}";
        String payload = "{\"iss\":\"kubernetes/serviceaccount\",\"kubernetes.io/serviceaccount/namespace\":\"" + ns
                + "\",\"kubernetes.io/serviceaccount/secret.name\":\"" + secret
                + "\",\"kubernetes.io/serviceaccount/service-account.name\":\"" + sa
                + "\",\"kubernetes.io/serviceaccount/service-account.uid\":\"" + saUid
                + "\",\"sub\":\"system:serviceaccount:" + ns + ":" + sa + "\"}";
        return url.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + url.encodeToString(sig);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
