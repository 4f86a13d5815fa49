package io.beep.python.inprocess;

import io.beep.python.PythonException;

/**
 * CPython cannot be loaded into this JVM for an environment: its base interpreter is not the bytedeco
 * build of the bindings' version, another interpreter is already loaded, or loading failed. The input
 * is the interpreter's path; the message says why and what would work.
 */
public class InProcessException extends PythonException {

    public InProcessException(String interpreter, String message, Throwable cause) {
        super(interpreter, message, cause);
    }
}
