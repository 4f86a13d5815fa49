package io.beep.python.bootstrap;

import java.time.Duration;
import java.util.Optional;

/**
 * Watches each {@code workers()} call of an environment, in either call mode (blocking or {@code callAsync}): the
 * Quarkus layer's metrics and traces implement it, so that the core knows neither. {@link #before} runs on the
 * caller's thread as the call is made, so an implementation can read the caller's context (the current span);
 * {@link Call#end} runs once, when the call has its result or failed, on whichever thread saw that.
 */
@FunctionalInterface
public interface CallObserver {

    /** One observed call. */
    interface Call {

        /**
         * The W3C {@code traceparent} ({@code 00-<trace id>-<span id>-<flags>}) to send with the call: Python code
         * reads it from the context variable {@code beep_python.traceparent} while the call runs. Empty: none sent.
         */
        default Optional<String> traceparent() {
            return Optional.empty();
        }

        /**
         * @param failure why the call failed (a {@link io.beep.python.PythonException} as the caller sees it), or null
         * @param took    from the call to its result or failure
         */
        void end(Throwable failure, Duration took);
    }

    /** Called as {@code callable} of {@code environment} is called, on the caller's thread. */
    Call before(String environment, String callable);
}
