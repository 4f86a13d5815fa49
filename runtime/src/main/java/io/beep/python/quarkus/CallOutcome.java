package io.beep.python.quarkus;

import io.beep.python.PythonCallException;
import io.beep.python.workers.CallTimedOutException;
import io.beep.python.workers.WorkerException;

/**
 * The {@code outcome} of a worker call, one word for metrics and spans: the same words in both, so a dashboard and a
 * trace agree. Upper case, as Micrometer's own HTTP {@code outcome} tag ({@code SUCCESS}, {@code CLIENT_ERROR}).
 */
enum CallOutcome {
    /** The callable returned. */
    SUCCESS,
    /** The callable raised (a {@link PythonCallException}), or its result could not be bound. */
    ERROR,
    /** The call ran past its call-timeout. */
    TIMEOUT,
    /** The call never ran: the queue was full or the workers closed. */
    REJECTED,
    /** A worker died, or anything else went wrong around the call. */
    FAILURE;

    static CallOutcome of(Throwable failure) {
        if (failure == null) {
            return SUCCESS;
        }
        if (failure instanceof CallTimedOutException) {
            return TIMEOUT;
        }
        if (failure instanceof PythonCallException) {
            return ERROR;
        }
        if (failure instanceof WorkerException worker) {
            return switch (worker.reason()) {
                case QUEUE_FULL, CLOSED -> REJECTED;
                case RESULT_NOT_BOUND, ARGUMENTS_NOT_JSON -> ERROR;
                default -> FAILURE;
            };
        }
        return FAILURE;
    }
}
