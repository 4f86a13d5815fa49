package io.beep.python.venv;

import io.beep.python.PythonException;

/** Creating or opening a virtual environment failed; a venv is complete or absent, never half-made. */
public class VenvException extends PythonException {

    /** What went wrong, for callers that act on it (the Quarkus layer names the configuration key to change). */
    public enum Reason {
        /** The venv path already exists. */
        PATH_EXISTS,
        /** The venv could not be made (the file system, the interpreter's venv module). */
        CREATE_FAILED
    }

    private final Reason reason;

    public VenvException(Reason reason, String input, String message) {
        this(reason, input, message, null);
    }

    public VenvException(Reason reason, String input, String message, Throwable cause) {
        super(input, message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
