package io.beep.python;

import java.util.Optional;

/**
 * A call into a Python worker that failed: the Python exception it raised (type, message and
 * traceback), or the worker dying or passing its time limit (then {@link #pythonType()} is empty and
 * the message says what happened to the worker).
 */
public class PythonCallException extends PythonException {

    private final String pythonType;
    private final String pythonMessage;
    private final String traceback;

    /**
     * @param callable      the {@code module:function} called (the input at fault)
     * @param pythonType    the exception's qualified type name, e.g. {@code builtins.ValueError}; null when no Python exception
     * @param pythonMessage {@code str(exception)}; null when no Python exception
     * @param traceback     the formatted traceback; null when none
     */
    public PythonCallException(String callable, String message, String pythonType, String pythonMessage, String traceback,
            Throwable cause) {
        super(callable, message, cause);
        this.pythonType = pythonType;
        this.pythonMessage = pythonMessage;
        this.traceback = traceback;
    }

    public Optional<String> pythonType() {
        return Optional.ofNullable(pythonType);
    }

    public Optional<String> pythonMessage() {
        return Optional.ofNullable(pythonMessage);
    }

    public Optional<String> traceback() {
        return Optional.ofNullable(traceback);
    }
}
