package dev.meshstage.backend.sim.apiserver;

import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;

/** A complete (non-streaming) response. */
record ApiResponse(int code, String contentType, byte[] body) {

    static ApiResponse json(int code, JsonNode node) {
        return new ApiResponse(code, "application/json", Json.bytes(node));
    }

    static ApiResponse json(int code, String contentType, JsonNode node) {
        return new ApiResponse(code, contentType, Json.bytes(node));
    }

    static ApiResponse text(int code, String text) {
        return new ApiResponse(code, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }
}
