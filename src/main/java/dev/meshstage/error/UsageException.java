package dev.meshstage.error;

/** The user typed something meshstage cannot act on; the message says what and what to type instead. */
public class UsageException extends BackendException {

    public UsageException(String message) {
        super(message);
    }
}
