package io.beep.python.workers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * How an environment's worker pool runs.
 *
 * @param environment the environment's name, for thread names and log tags
 * @param python      the interpreter the workers run (the venv's python)
 * @param pythonPath  directories put first on every worker's {@code sys.path} (the application's {@code src/main/python})
 * @param environmentVariables variables added to the workers' environment (VIRTUAL_ENV, PATH)
 * @param size        how many workers the pool keeps (at least 1)
 * @param preload     modules every worker imports when it starts
 * @param callTimeout the time limit of one call; past it the worker is killed and replaced
 * @param maxCalls    a worker is replaced after this many calls; empty: never
 * @param queueSize   calls that may wait for a worker; one more is rejected at once
 */
public record WorkerOptions(String environment, Path python, List<Path> pythonPath, Map<String, String> environmentVariables, int size,
        List<String> preload, Duration callTimeout, OptionalInt maxCalls, int queueSize) {

    public WorkerOptions {
        if (size < 1) {
            throw new IllegalArgumentException("workers.size must be at least 1, got " + size);
        }
        if (queueSize < 0) {
            throw new IllegalArgumentException("workers.queue-size must not be negative, got " + queueSize);
        }
        pythonPath = List.copyOf(pythonPath);
        environmentVariables = Map.copyOf(environmentVariables);
        preload = List.copyOf(preload);
    }

    /** The defaults of DESIGN.md: one worker, no preload, 30 s per call, never recycled, 1000 queued. */
    public static WorkerOptions defaults(String environment, Path python) {
        return new WorkerOptions(environment, python, List.of(), Map.of(), 1, List.of(), Duration.ofSeconds(30), OptionalInt.empty(), 1000);
    }
}
