package io.beep.python.bootstrap;

/**
 * An environment became ready. In Quarkus, observe it with
 * {@code void onReady(@Observes PythonEnvironmentReady ready)}.
 *
 * @param environment the environment's name
 * @param result      what the bootstrap did: the ready environment
 */
public record PythonEnvironmentReady(String environment, BootstrapResult.Ready result) {
}
