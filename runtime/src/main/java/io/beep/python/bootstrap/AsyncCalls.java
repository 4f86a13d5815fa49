package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The threads of one environment's asynchronous methods ({@code runAsync}, {@code execAsync} and
 * the workers' asynchronous calls): daemons that end when idle, so an environment never closed
 * keeps no JVM alive. Once shut down, a new call completes exceptionally instead of running.
 */
final class AsyncCalls {

    /** How many {@code runAsync}/{@code execAsync} calls of one environment run at once; more wait their turn. */
    static final int ASYNC_THREADS = Math.max(4, Runtime.getRuntime().availableProcessors());

    private final String environment;
    private final ThreadPoolExecutor pool;
    private volatile AsyncContext context = AsyncContext.NONE;

    AsyncCalls(String environment) {
        this.environment = environment;
        this.pool = asyncExecutor(environment);
    }

    Executor executor() {
        return pool;
    }

    /** Carries the caller's context into the calls and their continuations from now on. */
    void propagateContext(AsyncContext context) {
        this.context = context;
    }

    /** {@code stage}: the environment's stage when a call is refused, named in the refusal. */
    <T> CompletionStage<T> submit(Supplier<T> call, Supplier<BootstrapStage> stage) {
        AsyncContext caller = context;
        try {
            return caller.continuations(CompletableFuture.supplyAsync(caller.task(call), pool));
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new PythonBootstrapException(stage.get(), environment,
                    "Python environment '" + environment + "' is closed (the application is stopping)"));
        }
    }

    /** Calls already running finish, later ones complete exceptionally. */
    void shutdown() {
        pool.shutdown();
    }

    private static ThreadPoolExecutor asyncExecutor(String environment) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(ASYNC_THREADS, ASYNC_THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "beep-python-exec-" + environment + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
