package io.beep.python.bootstrap;

import io.beep.python.PythonWorkers;
import io.beep.python.WorkerStats;
import io.beep.python.inprocess.InProcessException;
import io.beep.python.inprocess.InProcessWorkers;
import io.beep.python.workers.CallTimedOutException;
import io.beep.python.workers.CallTraceparent;
import io.beep.python.workers.WorkerException;
import io.beep.python.workers.WorkerMode;
import io.beep.python.workers.WorkerPool;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * An environment's {@link PythonWorkers}: worker processes ({@link WorkerPool}) or, in
 * {@link WorkerMode#IN_PROCESS}, CPython in this JVM ({@link InProcessWorkers}); the user sees the same
 * behaviour in both. The pool is made from the ready environment (its venv's python) on the first call,
 * or by {@link #start(BootstrapResult.Ready)} when modules are preloaded; in-process workers are always
 * opened as the environment becomes ready, so that an interpreter that cannot be loaded fails the
 * environment rather than its first call. They are closed with the environment. The blocking calls
 * wait for readiness like the environment's other methods and are refused where blocking is not
 * allowed. A full queue or a call past its time limit is told with the hint of the layer that owns
 * the configuration (which key sets the limit).
 */
final class EnvironmentWorkers implements PythonWorkers, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PythonBootstrapManager.class.getName());

    private final BootstrapOptions options;
    private final Supplier<BootstrapResult.Ready> ready;
    private final BlockingGuard guard;
    private final Executor async;
    private final FailureHints hints;
    private final List<CallObserver> observers = new CopyOnWriteArrayList<>();
    private volatile AsyncContext context = AsyncContext.NONE;
    /** A {@link WorkerPool} or an {@link InProcessWorkers}, by the options' mode; null until made. */
    private PythonWorkers pool;
    private boolean closed;
    /** Dev mode, in-process: the application's Python code changed; the changed modules are re-imported before the next call. */
    private volatile boolean pythonChanged;

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
        PythonWorkers started = pool(result);
        if (started instanceof InProcessWorkers inProcess) {
            inProcess.start();
        } else {
            ((WorkerPool) started).start();
        }
    }

    /** Whether the workers start as the environment becomes ready (and readiness waits for them). */
    boolean preloads() {
        return inProcess() || !options.workers().preload().isEmpty();
    }

    /** What the environment's status says while {@link #start} runs. */
    String starting() {
        String imports = options.workers().preload().isEmpty() ? "" : ", importing " + String.join(", ", options.workers().preload());
        return inProcess() ? "Loading CPython into the JVM" + imports : "Starting " + options.workers().size() + " workers" + imports;
    }

    /**
     * The application's Python code changed (dev mode). In-process the interpreter stays (CPython cannot be
     * re-initialised): the changed modules are re-imported before the next call, and true is returned. In process
     * mode nothing happens here and false is returned: the caller replaces the workers.
     */
    boolean pythonChanged() {
        if (!inProcess()) {
            return false;
        }
        pythonChanged = true;
        return true;
    }

    private boolean inProcess() {
        return options.workers().mode() == WorkerMode.IN_PROCESS;
    }

    /** Watches each call (metrics, traces): {@link CallObserver}. */
    void addCallObserver(CallObserver observer) {
        observers.add(observer);
    }

    /** Carries the caller's context into callAsync's continuations. */
    void propagateContext(AsyncContext context) {
        this.context = context;
    }

    @Override
    public JsonNode call(String callable, Object... args) {
        guard.checkBlockingAllowed("workers().call(String, Object...)", "workers().callAsync(String, Object...)");
        return observed(callable, () -> serving(ready.get()).call(callable, args));
    }

    @Override
    public <T> T call(String callable, Class<T> resultType, Object... args) {
        guard.checkBlockingAllowed("workers().call(String, Class, Object...)", "workers().callAsync(String, Object...)");
        return observed(callable, () -> serving(ready.get()).call(callable, resultType, args));
    }

    @Override
    public int callInto(String callable, double[] into, Object... args) {
        guard.checkBlockingAllowed("workers().callInto(String, double[], Object...)", "workers().callAsync(String, Object...)");
        return observed(callable, () -> serving(ready.get()).callInto(callable, into, args));
    }

    /** A blocking call, told to the observers, with the traceparent they give; a failure explained with the configuration's hint. */
    private <T> T observed(String callable, Supplier<T> call) {
        List<CallObserver.Call> observing = before(callable);
        long begin = System.nanoTime();
        Throwable failure = null;
        try {
            return CallTraceparent.with(traceparent(observing), call);
        } catch (WorkerException | CallTimedOutException e) {
            failure = explained(e);
            throw (RuntimeException) failure;
        } catch (RuntimeException | Error e) {
            failure = e;
            throw e;
        } finally {
            end(observing, failure, begin);
        }
    }

    @Override
    public CompletionStage<JsonNode> callAsync(String callable, Object... args) {
        List<CallObserver.Call> observing = before(callable);
        String traceparent = traceparent(observing);
        AsyncContext caller = context;
        long begin = System.nanoTime();
        PythonWorkers started = current();
        CompletionStage<JsonNode> result = started != null && !pythonChanged
                ? CallTraceparent.with(traceparent, () -> started.callAsync(callable, args))
                // Waiting for readiness (or a re-import) blocks: it happens on the environment's own threads, never the caller's.
                : CompletableFuture.supplyAsync(caller.task(() -> serving(ready.get())), async)
                        .thenCompose(p -> CallTraceparent.with(traceparent, () -> p.callAsync(callable, args)));
        CompletionStage<JsonNode> explained = result.handle((value, error) -> {
            if (error != null) {
                throw explained(error instanceof CompletionException wrapped && wrapped.getCause() != null ? wrapped.getCause() : error);
            }
            return value;
        });
        return caller.continuations(explained.whenComplete((value, error) -> end(observing, unwrapped(error), begin)));
    }

    private List<CallObserver.Call> before(String callable) {
        if (observers.isEmpty()) {
            return List.of();
        }
        List<CallObserver.Call> calls = new ArrayList<>(observers.size());
        for (CallObserver observer : observers) {
            calls.add(observer.before(options.environmentName(), callable));
        }
        return calls;
    }

    /** The first traceparent an observer gives (one tracer is expected; a second would only name a sibling span). */
    private static String traceparent(List<CallObserver.Call> calls) {
        for (CallObserver.Call call : calls) {
            Optional<String> traceparent = call.traceparent();
            if (traceparent.isPresent()) {
                return traceparent.get();
            }
        }
        return null;
    }

    private static void end(List<CallObserver.Call> calls, Throwable failure, long begin) {
        if (!calls.isEmpty()) {
            Duration took = Duration.ofNanos(System.nanoTime() - begin);
            for (CallObserver.Call call : calls) {
                try {
                    call.end(failure, took);
                } catch (RuntimeException e) {
                    // Metrics or tracing must never change what the caller gets.
                    LOG.log(System.Logger.Level.DEBUG, "A call observer failed", e);
                }
            }
        }
    }

    private static Throwable unwrapped(Throwable error) {
        return error instanceof CompletionException wrapped && wrapped.getCause() != null ? wrapped.getCause() : error;
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

    @Override
    public WorkerStats stats() {
        PythonWorkers started = current();
        return started != null ? started.stats() : new WorkerStats(0, options.workers().size(), 0, 0, 0);
    }

    /** Why no worker can take a call (none alive, the last start failed), told with the configuration's hint; empty otherwise. */
    Optional<String> unavailable() {
        PythonWorkers started = current();
        Optional<WorkerException> why = started instanceof InProcessWorkers inProcess ? inProcess.unavailable()
                : started instanceof WorkerPool processes ? processes.unavailable() : Optional.empty();
        return why.map(e -> hints.explain(options.environmentName(), e, e.getMessage()));
    }

    /** Stops the workers; a bootstrap that runs again (repair, reload) makes new ones for its interpreter. */
    synchronized void reset() {
        if (pool instanceof InProcessWorkers inProcess) {
            // Refuses further calls only: the interpreter stays loaded for the JVM's life, and stays this environment's
            // (its modules cannot be unloaded): it may open again, another environment may not (InProcessWorkers.open).
            inProcess.close();
        } else if (pool instanceof WorkerPool processes) {
            processes.close();
        }
        pool = null;
    }

    @Override
    public synchronized void close() {
        closed = true;
        reset();
    }

    private synchronized PythonWorkers current() {
        return pool;
    }

    /** The workers to call now; in-process, after re-importing what changed in the application's Python code. */
    private PythonWorkers serving(BootstrapResult.Ready result) {
        PythonWorkers serving = pool(result);
        if (pythonChanged && serving instanceof InProcessWorkers inProcess) {
            synchronized (this) {
                if (pythonChanged) {
                    pythonChanged = false;
                    List<String> modules = inProcess.reloadChanged();
                    if (!modules.isEmpty()) {
                        LOG.log(System.Logger.Level.INFO, "Re-imported " + String.join(", ", modules) + " in Python environment '"
                                + options.environmentName() + "'");
                    }
                }
            }
        }
        return serving;
    }

    private synchronized PythonWorkers pool(BootstrapResult.Ready result) {
        if (closed) {
            throw new IllegalStateException("The workers of Python environment '" + options.environmentName() + "' are closed");
        }
        if (pool == null) {
            pool = inProcess() ? openInProcess(result)
                    : new WorkerPool(options.environmentName(), result.interpreter(), VenvVariables.of(options, result), options.workers());
        }
        return pool;
    }

    /**
     * CPython in the JVM for this environment. CPython is loaded once per JVM and serves one environment's sys.path for the
     * JVM's life, so a second environment is refused, naming both: by {@link InProcessWorkers#open}, the one place that
     * guards it, since only the interpreter itself knows whom it serves across class loaders (a dev-mode restart). The
     * Quarkus layer refuses two in-process environments earlier, from the configuration; plain Java applications meet it
     * here. The engine also refuses an interpreter it cannot load, naming it and why.
     */
    private InProcessWorkers openInProcess(BootstrapResult.Ready result) {
        String name = options.environmentName();
        try {
            return InProcessWorkers.open(name, result.runtime(), result.sitePackages(), options.workers());
        } catch (InProcessException e) {
            // The environment's status must name the interpreter, whatever the engine's words.
            String interpreter = e.input().orElse(result.runtime().executable().toString());
            throw e.getMessage().contains(interpreter) ? e : new InProcessException(interpreter, "Python environment '" + name
                    + "' cannot load " + interpreter + " into the JVM: " + e.getMessage(), e);
        }
    }
}
