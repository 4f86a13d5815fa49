package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;
import io.beep.python.PythonException;

import java.util.Optional;

/**
 * What a user can change to fix a failure, in the words of their configuration. The core's messages
 * say what failed, which input and what to do in general; the layer that owns the configuration
 * (the Quarkus extension names its {@code beep.python.*} keys) adds where to do it. Plain Java
 * callers build {@link BootstrapOptions} themselves and need none.
 */
@FunctionalInterface
public interface FailureHints {

    FailureHints NONE = (environment, failure) -> Optional.empty();

    /**
     * @param environment the environment's name ({@code default} for the unnamed one)
     * @param failure     the room's error, or the bootstrap's own {@link io.beep.python.PythonBootstrapException}
     * @return one sentence to append to the message, if this layer knows what to change
     */
    Optional<String> hint(String environment, PythonException failure);

    /** A failure the bootstrap itself decided, its message followed by the hint for it. */
    default PythonBootstrapException failure(String environment, BootstrapStage stage, PythonBootstrapException.Reason reason,
            String input, String message) {
        PythonBootstrapException plain = new PythonBootstrapException(stage, reason, input, message, null);
        return new PythonBootstrapException(stage, reason, input, explain(environment, plain, message), null);
    }

    /** {@code message} with the hint for {@code failure} appended. */
    default String explain(String environment, PythonException failure, String message) {
        return hint(environment, failure).map(h -> message.endsWith(".") ? message + " " + h : message + ". " + h).orElse(message);
    }
}
