package dev.meshstage.backend.sim.apiserver;

import java.util.Map;

/** One HTTP request as the REST layer sees it (query parameters: first value of each; who asks, once authorized). */
record ApiRequest(String method, String path, Map<String, String> query, String accept, String contentType, byte[] body,
        UserInfo user) {

    String param(String name) {
        String v = query.get(name);
        return v == null ? "" : v;
    }

    boolean flag(String name) {
        String v = query.get(name);
        return v != null && (v.equals("true") || v.equals("1") || v.equalsIgnoreCase("True"));
    }
}
