package io.beep.python.workers;

import io.beep.python.PythonException;

/**
 * The worker pool could not take or run a call, or could not start: a preload that fails, a worker
 * process that does not start, a full queue, a closed pool. A Python exception raised by the called
 * function is not one of these: it is a {@link io.beep.python.PythonCallException}.
 */
public class WorkerException extends PythonException {

    /** What went wrong, for callers that act on it (the Quarkus layer names the configuration key to change). */
    public enum Reason {
        /** A module of {@code workers.preload} failed to import in a new worker; the input is the module. */
        PRELOAD_FAILED,
        /** A worker process did not start or did not answer its start frame; the input is the interpreter. */
        WORKER_START_FAILED,
        /** {@code workers.queue-size} calls were already waiting; the input is the callable. */
        QUEUE_FULL,
        /** The pool is closed (or closing); the input is the callable. */
        CLOSED,
        /** The calling thread was interrupted while it waited for the result; the input is the callable. */
        INTERRUPTED,
        /** The arguments cannot be written as JSON; the input is the callable. */
        ARGUMENTS_NOT_JSON,
        /** The result cannot be bound to the requested Java type; the input is the callable. */
        RESULT_NOT_BOUND,
        /**
         * The call's arguments, or its worker's answer, are larger than {@link WorkerOptions#maxMessageSize()};
         * the input is the callable.
         */
        MESSAGE_TOO_LARGE
    }

    private final Reason reason;

    public WorkerException(Reason reason, String input, String message) {
        this(reason, input, message, null);
    }

    public WorkerException(Reason reason, String input, String message, Throwable cause) {
        super(input, message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** The same failure (reason, input, cause) told with {@code message}: the layer that owns the configuration adds its key. */
    public WorkerException withMessage(String message) {
        return new WorkerException(reason, input().orElse(null), message, getCause());
    }
}
