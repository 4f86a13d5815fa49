package io.beep.python.process;

import io.beep.python.PythonException;

/**
 * An error of the process room: work that was cancelled, or a lock that could not be had. It knows
 * nothing of bootstrap stages; the bootstrap, which knows where it was, attaches its stage when it
 * reports one of these.
 */
public abstract sealed class ProcessRoomException extends PythonException
        permits CancelledException, LockTimeoutException, LockFailedException {

    ProcessRoomException(String input, String message, Throwable cause) {
        super(input, message, cause);
    }
}
