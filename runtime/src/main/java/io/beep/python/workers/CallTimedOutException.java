package io.beep.python.workers;

import io.beep.python.PythonCallException;

/**
 * A call passed its time limit: its worker was killed and is replaced. A type of its own so that a
 * caller (and the Quarkus layer, which names the limit's key) recognises it without reading the message.
 */
public class CallTimedOutException extends PythonCallException {

    /**
     * @param callable the {@code module:function} called
     * @param message  what happened to the call and its worker
     * @param cause    the broken pipe of the killed worker, if any
     */
    public CallTimedOutException(String callable, String message, Throwable cause) {
        super(callable, message, null, null, null, cause);
    }

    /** The same failure told with {@code message}: the layer that owns the configuration adds its key. */
    public CallTimedOutException withMessage(String message) {
        return new CallTimedOutException(input().orElse(null), message, getCause());
    }
}
