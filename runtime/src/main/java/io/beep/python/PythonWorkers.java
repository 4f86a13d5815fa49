package io.beep.python;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.concurrent.CompletionStage;

/**
 * An environment's pool of long-lived CPython workers: a call runs a Python function in a worker
 * that is already started (and has its imports done), so it costs microseconds plus the function's
 * own time instead of a process start. Arguments and results travel as JSON; {@code double[]},
 * {@code float[]}, {@code long[]}, {@code int[]}, {@code byte[]} and {@code ByteBuffer} arguments, and
 * results asked for as one of those arrays, travel as raw bytes (numpy arrays on the Python side).
 * With {@code beep.python.workers.mode=in-process} the same calls are served by CPython inside the JVM.
 *
 * <pre>{@code
 * JsonNode r = python.workers().call("scoring:predict", Map.of("text", "hello"));
 * Score s = python.workers().call("scoring:predict", Score.class, payload);
 * }</pre>
 */
public interface PythonWorkers {

    /**
     * Calls {@code callable} ({@code "package.module:function"}) with {@code args} and waits for its
     * result. A Python exception is a {@link PythonCallException}; a worker that dies or passes its
     * time limit fails only this call, and is replaced.
     */
    JsonNode call(String callable, Object... args);

    /**
     * As {@link #call(String, Object...)}, the result bound to {@code resultType}: a Java array type
     * ({@code double[].class} ...) binds a numpy array, {@code bytes} or {@code memoryview} result without JSON, a
     * dtype that does not fit is a {@link PythonCallException} naming both; any other type is bound with Jackson.
     */
    <T> T call(String callable, Class<T> resultType, Object... args);

    /**
     * As {@link #call(String, Class, Object...)} with {@code double[].class}, but the result is copied into the caller's
     * {@code into} (from index 0) instead of a new array, and the number of elements copied is returned; the rest of
     * {@code into} is left as it was. For a loop that fetches large arrays again and again: it spares the JVM a new array
     * per call (8 MB for 1,000,000 doubles), which is most of such a call's cost in-process. The result must be a
     * {@code float64} buffer (a numpy array, {@code array.array('d')}, a {@code memoryview} of format {@code d}); anything
     * else, a JSON list included, is a {@link PythonCallException} naming the callable, what it returned and
     * {@code float64}, as is a result longer than {@code into} (then nothing is copied). The same in both worker modes.
     *
     * @return how many elements of {@code into} now hold the result
     */
    int callInto(String callable, double[] into, Object... args);

    /** As {@link #call(String, Object...)}, never blocking the caller: safe on an event loop. */
    CompletionStage<JsonNode> callAsync(String callable, Object... args);

    /** How the pool is doing, now. */
    WorkerStats stats();
}
