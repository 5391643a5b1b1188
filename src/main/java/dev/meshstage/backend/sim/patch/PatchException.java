package dev.meshstage.backend.sim.patch;

/**
 * A patch could not be applied. {@link #httpStatus()} is what the API server should answer:
 * 400 for a malformed patch document, 422 for a patch that is well-formed but cannot be applied
 * (failed JSON Patch {@code test}, path that does not exist, missing merge key, unknown directive).
 */
public class PatchException extends RuntimeException {
    private final int httpStatus;

    public PatchException(int httpStatus, String message) {
        super(message);
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    static PatchException malformed(String message) {
        return new PatchException(400, message);
    }

    static PatchException invalid(String message) {
        return new PatchException(422, message);
    }
}
