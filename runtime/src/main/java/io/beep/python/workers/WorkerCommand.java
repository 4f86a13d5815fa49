package io.beep.python.workers;

import java.nio.file.Path;
import java.util.Map;

/**
 * What every worker of a pool is started with.
 *
 * @param environment          the environment's name, for thread names and log tags
 * @param python               the interpreter the workers run (the venv's python)
 * @param environmentVariables variables added to the workers' environment (VIRTUAL_ENV, PATH)
 * @param options              the pool's size, preloads, limits and {@code sys.path}
 * @param loggedOutputLimit    how many bytes of its output each worker logs ({@link WorkerOutput#DEFAULT_LOGGED_BYTES}; tests use less)
 */
record WorkerCommand(String environment, Path python, Map<String, String> environmentVariables, WorkerOptions options,
        long loggedOutputLimit) {

    WorkerCommand {
        environmentVariables = Map.copyOf(environmentVariables);
    }
}
