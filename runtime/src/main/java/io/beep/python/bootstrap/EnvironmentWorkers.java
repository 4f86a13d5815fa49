package io.beep.python.bootstrap;

import io.beep.python.PythonWorkers;
import io.beep.python.WorkerStats;
import io.beep.python.workers.CallTimedOutException;
import io.beep.python.workers.WorkerException;
import io.beep.python.workers.WorkerPool;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * An environment's {@link PythonWorkers}: the pool is made from the ready environment (its venv's
 * python) on the first call, or by {@link #start(BootstrapResult.Ready)} when modules are preloaded; it
 * is closed with the environment. The blocking calls wait for readiness like the environment's
 * other methods and are refused where blocking is not allowed. A full queue or a call past its time
 * limit is told with the hint of the layer that owns the configuration (which key sets the limit).
 */
final class EnvironmentWorkers implements PythonWorkers, AutoCloseable {

    private final BootstrapOptions options;
    private final Supplier<BootstrapResult.Ready> ready;
    private final BlockingGuard guard;
    private final Executor async;
    private final FailureHints hints;
    private final List<Consumer<Duration>> callListeners = new CopyOnWriteArrayList<>();
    private WorkerPool pool;
    private boolean closed;

    EnvironmentWorkers(BootstrapOptions options, Supplier<BootstrapResult.Ready> ready, BlockingGuard guard, Executor async,
            FailureHints hints) {
        this.options = options;
        this.ready = ready;
        this.guard = guard;
        this.async = async;
        this.hints = hints;
    }

    /** Starts the workers of a ready environment now, waiting for their preloads (a failing one throws, naming the module). */
    void start(BootstrapResult.Ready result) {
        pool(result).start();
    }

    boolean preloads() {
        return !options.workers().preload().isEmpty();
    }

    /** Receives how long each call took, from submission to result (for metrics). */
    void addCallListener(Consumer<Duration> listener) {
        callListeners.add(listener);
    }

    @Override
    public JsonNode call(String callable, Object... args) {
        guard.checkBlockingAllowed("workers().call(String, Object...)", "workers().callAsync(String, Object...)");
        long begin = System.nanoTime();
        try {
            return pool(ready.get()).call(callable, args);
        } catch (WorkerException | CallTimedOutException e) {
            throw explained(e);
        } finally {
            took(begin);
        }
    }

    @Override
    public <T> T call(String callable, Class<T> resultType, Object... args) {
        guard.checkBlockingAllowed("workers().call(String, Class, Object...)", "workers().callAsync(String, Object...)");
        long begin = System.nanoTime();
        try {
            return pool(ready.get()).call(callable, resultType, args);
        } catch (WorkerException | CallTimedOutException e) {
            throw explained(e);
        } finally {
            took(begin);
        }
    }

    @Override
    public CompletionStage<JsonNode> callAsync(String callable, Object... args) {
        long begin = System.nanoTime();
        WorkerPool started = current();
        CompletionStage<JsonNode> result = started != null ? started.callAsync(callable, args)
                // Waiting for readiness blocks: it happens on the environment's own threads, never the caller's.
                : CompletableFuture.supplyAsync(() -> pool(ready.get()), async).thenCompose(p -> p.callAsync(callable, args));
        return result.whenComplete((value, error) -> took(begin)).handle((value, error) -> {
            if (error != null) {
                throw explained(error instanceof CompletionException wrapped && wrapped.getCause() != null ? wrapped.getCause() : error);
            }
            return value;
        });
    }

    /** The same failure with the configuration's hint appended; any other error as it was. */
    private RuntimeException explained(Throwable error) {
        if (error instanceof WorkerException w) {
            String message = hints.explain(options.environmentName(), w, w.getMessage());
            return message.equals(w.getMessage()) ? w : w.withMessage(message);
        }
        if (error instanceof CallTimedOutException t) {
            String message = hints.explain(options.environmentName(), t, t.getMessage());
            return message.equals(t.getMessage()) ? t : t.withMessage(message);
        }
        return error instanceof RuntimeException r ? r : new CompletionException(error);
    }

    private void took(long begin) {
        if (!callListeners.isEmpty()) {
            Duration took = Duration.ofNanos(System.nanoTime() - begin);
            callListeners.forEach(listener -> listener.accept(took));
        }
    }

    @Override
    public WorkerStats stats() {
        WorkerPool started = current();
        return started != null ? started.stats() : new WorkerStats(0, options.workers().size(), 0, 0, 0);
    }

    /** Why no worker can take a call (none alive, the last start failed), told with the configuration's hint; empty otherwise. */
    Optional<String> unavailable() {
        WorkerPool started = current();
        return started == null ? Optional.empty() : started.unavailable().map(e -> hints.explain(options.environmentName(), e, e.getMessage()));
    }

    /** Stops the workers; a bootstrap that runs again (repair, reload) makes new ones for its interpreter. */
    synchronized void reset() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        reset();
    }

    private synchronized WorkerPool current() {
        return pool;
    }

    private synchronized WorkerPool pool(BootstrapResult.Ready result) {
        if (closed) {
            throw new IllegalStateException("The workers of Python environment '" + options.environmentName() + "' are closed");
        }
        if (pool == null) {
            pool = new WorkerPool(options.environmentName(), result.interpreter(), VenvVariables.of(options, result),
                    options.workers());
        }
        return pool;
    }
}
