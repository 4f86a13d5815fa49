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
 * @param maxMessageSize the largest frame, in bytes, a call may send (its arguments as JSON) or receive (its
 *                    result or exception); a bigger one fails that call, so that one huge result cannot
 *                    exhaust the heap, and a worker that produced it is replaced
 * @param mode        worker processes, or CPython in the JVM
 */
public record WorkerOptions(int size, List<String> preload, Duration callTimeout, OptionalInt maxCalls, int queueSize,
        List<Path> pythonPath, int maxMessageSize, WorkerMode mode) {

    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_QUEUE_SIZE = 1000;
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024 * 1024;
    /** Above this a single frame (and Jackson's tree of it) no longer fits a sensible heap; the length prefix is 32 bits anyway. */
    public static final int MAX_MESSAGE_SIZE_LIMIT = 1024 * 1024 * 1024;

    public WorkerOptions {
        preload = List.copyOf(preload);
        pythonPath = List.copyOf(pythonPath);
        java.util.Objects.requireNonNull(mode, "mode");
    }

    /** Worker processes, with {@code maxMessageSize}. */
    public WorkerOptions(int size, List<String> preload, Duration callTimeout, OptionalInt maxCalls, int queueSize, List<Path> pythonPath,
            int maxMessageSize) {
        this(size, preload, callTimeout, maxCalls, queueSize, pythonPath, maxMessageSize, WorkerMode.PROCESS);
    }

    /** The options with the default message size limit (64 MiB). */
    public WorkerOptions(int size, List<String> preload, Duration callTimeout, OptionalInt maxCalls, int queueSize, List<Path> pythonPath) {
        this(size, preload, callTimeout, maxCalls, queueSize, pythonPath, DEFAULT_MAX_MESSAGE_SIZE);
    }

    /** One worker, started on the first call, 30 s per call, never recycled, 1000 calls queued at most, 64 MiB messages. */
    public static WorkerOptions defaults() {
        return new WorkerOptions(1, List.of(), DEFAULT_CALL_TIMEOUT, OptionalInt.empty(), DEFAULT_QUEUE_SIZE, List.of());
    }

    /** The same options with another message size limit. */
    public WorkerOptions withMaxMessageSize(int bytes) {
        return new WorkerOptions(size, preload, callTimeout, maxCalls, queueSize, pythonPath, bytes, mode);
    }

    /** The same options in another mode. */
    public WorkerOptions withMode(WorkerMode other) {
        return new WorkerOptions(size, preload, callTimeout, maxCalls, queueSize, pythonPath, maxMessageSize, other);
    }

    /** Checked when a pool is made, for plain-Java callers; the Quarkus layer checks its configuration at startup, naming the key. */
    void check() {
        if (size < 1) {
            throw new IllegalArgumentException("A worker pool needs at least 1 worker, got " + size);
        }
        if (queueSize < 0) {
            throw new IllegalArgumentException("The queue size must not be negative, got " + queueSize);
        }
        if (maxMessageSize < 1 || maxMessageSize > MAX_MESSAGE_SIZE_LIMIT) {
            throw new IllegalArgumentException("The largest message must be between 1 byte and " + MessageLimit.human(MAX_MESSAGE_SIZE_LIMIT)
                    + ", got " + maxMessageSize + " bytes");
        }
    }
}
