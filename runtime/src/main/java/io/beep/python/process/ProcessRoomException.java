package io.beep.python.process;

import java.util.Optional;

/**
 * An error of the process room: work that was cancelled, or a lock that could not be had. It knows
 * nothing of bootstrap stages; the bootstrap, which knows where it was, attaches its stage when it
 * reports one of these.
 */
public abstract sealed class ProcessRoomException extends RuntimeException
        permits CancelledException, LockTimeoutException, LockFailedException {

    private final String input;

    ProcessRoomException(String input, String message, Throwable cause) {
        super(message, cause);
        this.input = input;
    }

    /** What the failure is about (a lock file, say), if it is about one. */
    public Optional<String> input() {
        return Optional.ofNullable(input);
    }
}
