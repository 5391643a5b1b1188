package dev.meshstage.backend.sim.store;

/** An API error with the HTTP status and reason a real kube-apiserver would give (metav1.Status). */
public class StoreException extends RuntimeException {

    private final int code;
    private final String reason;

    public StoreException(int code, String reason, String message) {
        super(message);
        this.code = code;
        this.reason = reason;
    }

    public int code() {
        return code;
    }

    /** {@code NotFound}, {@code AlreadyExists}, {@code Conflict}, {@code Invalid}, {@code Expired}, … */
    public String reason() {
        return reason;
    }

    public static StoreException notFound(String groupResource, String name) {
        return new StoreException(404, "NotFound", groupResource + " \"" + name + "\" not found");
    }

    public static StoreException alreadyExists(String groupResource, String name) {
        return new StoreException(409, "AlreadyExists", groupResource + " \"" + name + "\" already exists");
    }

    public static StoreException conflict(String groupResource, String name) {
        return new StoreException(409, "Conflict", "Operation cannot be fulfilled on " + groupResource + " \"" + name
                + "\": the object has been modified; please apply your changes to the latest version and try again");
    }

    public static StoreException invalid(String kind, String name, String detail) {
        return new StoreException(422, "Invalid", kind + " \"" + name + "\" is invalid: " + detail);
    }

    public static StoreException badRequest(String message) {
        return new StoreException(400, "BadRequest", message);
    }

    public static StoreException gone(String message) {
        return new StoreException(410, "Expired", message);
    }

    public static StoreException forbidden(String message) {
        return new StoreException(403, "Forbidden", message);
    }
}
