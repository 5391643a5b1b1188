package dev.meshstage.server;

/** The background server cannot be reached or started; the message is the one line the user sees. */
public final class ServerException extends RuntimeException {

    public ServerException(String message) {
        super(message);
    }
}
