package io.beep.python.registry;

import io.beep.python.PythonException;

/** The interpreter registry failed: an interpreter that does not work, a registry file that cannot be read or written, a request that cannot match. */
public class RegistryException extends PythonException {

    /** What went wrong, for callers that act on it (the Quarkus layer names the configuration key to change). */
    public enum Reason {
        /** A version request that is not 3, 3.13 or 3.13.5. */
        INVALID_VERSION_REQUEST,
        /** No registered runtime has the given id. */
        UNKNOWN_RUNTIME,
        /** The path does not exist or is not an executable file. */
        NOT_AN_INTERPRETER,
        /** The interpreter does not start or does not answer the probe. */
        BROKEN_INTERPRETER,
        /** No known or discovered interpreter matches the request. */
        NO_MATCH,
        /** The registry file cannot be read, or is corrupt and cannot be moved aside. */
        UNREADABLE_REGISTRY,
        /** The registry file was written by a newer version; it was left untouched. */
        NEWER_SCHEMA,
        /** The registry file cannot be written. */
        UNWRITABLE_REGISTRY
    }

    private final Reason reason;

    public RegistryException(Reason reason, String input, String message) {
        this(reason, input, message, null);
    }

    public RegistryException(Reason reason, String input, String message, Throwable cause) {
        super(input, message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
