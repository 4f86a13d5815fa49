package io.beep.python.inprocess;

import io.beep.python.PythonWorkers;
import io.beep.python.WorkerStats;
import io.beep.python.registry.PythonRuntimeInfo;
import io.beep.python.workers.WorkerException;
import io.beep.python.workers.WorkerOptions;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * An environment's {@code workers()} served by CPython loaded into this JVM (issue 31): the same
 * {@link PythonWorkers} API as the worker processes' {@code WorkerPool}. CONTRACT STUB: the engine
 * helper fills it in; the wiring helper calls only what is declared here.
 */
public final class InProcessWorkers implements PythonWorkers, AutoCloseable {

    private InProcessWorkers() {
    }

    /**
     * Loads CPython into the JVM (once per JVM) from {@code base}'s own files, puts {@code sitePackages}
     * (through {@code site.addsitedir}) and then {@code options.pythonPath()} on {@code sys.path}, and
     * returns the environment's workers.
     *
     * @throws InProcessException naming {@code base}'s path when it cannot serve in-process: not the bytedeco build of
     *                            the bindings' version, another interpreter already loaded, or loading failed
     */
    public static InProcessWorkers open(String environment, PythonRuntimeInfo base, Path sitePackages, WorkerOptions options) {
        throw new InProcessException(base.executable().toString(), "In-process workers are not built yet", null);
    }

    /** Why {@code base} cannot serve in-process, or empty when it can; loads nothing (for startup checks). */
    public static Optional<String> refusal(PythonRuntimeInfo base) {
        return Optional.of("In-process workers are not built yet");
    }

    /** Imports the preloaded modules now; a failing import throws a {@code PythonCallException} naming the module. */
    public void start() {
        throw new UnsupportedOperationException();
    }

    /** Re-imports the application's modules whose files under {@code options.pythonPath()} changed; returns their names. */
    public java.util.List<String> reloadChanged() {
        throw new UnsupportedOperationException();
    }

    @Override
    public JsonNode call(String callable, Object... args) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> T call(String callable, Class<T> resultType, Object... args) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<JsonNode> callAsync(String callable, Object... args) {
        throw new UnsupportedOperationException();
    }

    @Override
    public WorkerStats stats() {
        throw new UnsupportedOperationException();
    }

    /** Why no call can be served now, or empty. */
    public Optional<WorkerException> unavailable() {
        return Optional.empty();
    }

    /** Refuses further calls; the interpreter stays loaded (CPython cannot be re-initialised in one process). */
    @Override
    public void close() {
    }
}
