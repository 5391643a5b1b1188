package dev.meshstage.error;

/** A failure the user can act on; its message is the one-line error the shell prints. */
public class BackendException extends RuntimeException {

    public BackendException(String message) {
        super(message);
    }

    public BackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
