package io.beep.python.workers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * How an environment's warm workers run ({@code PythonEnvironment.workers()}).
 *
 * @param size        workers kept alive (at least 1)
 * @param preload     modules each worker imports when it starts; when not empty the workers start as
 *                    the environment becomes ready, and readiness waits for them
 * @param callTimeout the time limit of one call; past it the worker is killed and replaced
 * @param maxCalls    a worker is replaced after this many calls; empty: never
 * @param queueSize   calls that may wait for a worker; one more is rejected at once
 * @param pythonPath  directories put first on every worker's {@code sys.path} (the application's {@code src/main/python})
 */
public record WorkerOptions(int size, List<String> preload, Duration callTimeout, OptionalInt maxCalls, int queueSize,
        List<Path> pythonPath) {

    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_QUEUE_SIZE = 1000;

    public WorkerOptions {
        preload = List.copyOf(preload);
        pythonPath = List.copyOf(pythonPath);
    }

    /** One worker, started on the first call, 30 s per call, never recycled, 1000 calls queued at most. */
    public static WorkerOptions defaults() {
        return new WorkerOptions(1, List.of(), DEFAULT_CALL_TIMEOUT, OptionalInt.empty(), DEFAULT_QUEUE_SIZE, List.of());
    }

    /** Checked when a pool is made, for plain-Java callers; the Quarkus layer checks its configuration at startup, naming the key. */
    void check() {
        if (size < 1) {
            throw new IllegalArgumentException("A worker pool needs at least 1 worker, got " + size);
        }
        if (queueSize < 0) {
            throw new IllegalArgumentException("The queue size must not be negative, got " + queueSize);
        }
    }
}
