package dev.meshstage.workshop;

import dev.meshstage.error.BackendException;

/** A workshop directory that cannot be used as it is; the message names the file, the problem and the fix. */
public class ConfigException extends BackendException {

    public ConfigException(String message) {
        super(message);
    }
}
