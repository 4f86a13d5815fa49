package io.beep.python.fs;

import io.beep.python.PythonException;

/** The home directory cannot be used safely: others may write to it, or it cannot be written at all. Names the path. */
public final class UnsafeHomeException extends PythonException {

    public UnsafeHomeException(String path, String message, Throwable cause) {
        super(path, message, cause);
    }
}
