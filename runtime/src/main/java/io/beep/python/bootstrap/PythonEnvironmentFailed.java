package io.beep.python.bootstrap;

import io.beep.python.PythonBootstrapException;

/**
 * An environment's bootstrap failed, or a ready environment lost its interpreter or venv. In
 * Quarkus, observe it with {@code void onFailed(@Observes PythonEnvironmentFailed failed)}.
 *
 * @param environment the environment's name
 * @param error       what failed: stage, input and a readable message
 */
public record PythonEnvironmentFailed(String environment, PythonBootstrapException error) {
}
