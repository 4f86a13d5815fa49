package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;
import io.beep.python.EnvironmentStatus;
import io.beep.python.InstallResult;
import io.beep.python.ProcessResult;
import io.beep.python.PythonBootstrapException;
import io.beep.python.PythonEnvironment;
import io.beep.python.PythonException;
import io.beep.python.PythonWorkers;
import io.beep.python.process.Cancellation;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A {@link PythonEnvironment} whose bootstrap runs once on an executor (single flight), with a
 * status that never blocks and methods that wait for readiness. This is what the Quarkus beans
 * are, and what a plain Java application gets from {@link #start()}. The asynchronous methods run
 * on threads of its own, which {@link #close()} stops.
 */
public final class ManagedPythonEnvironment implements PythonEnvironment, AutoCloseable {

    private final BootstrapOptions options;
    private final PythonBootstrapManager manager;
    private final Executor executor;
    private final BlockingGuard guard;
    private final AsyncCalls async;
    private final InterpreterCalls calls;
    private final List<Consumer<BootstrapProgress>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<BootstrapResult>> outcomeListeners = new CopyOnWriteArrayList<>();
    private final EnvironmentWorkers workers;
    private volatile EnvironmentStatus status = EnvironmentStatus.pending();
    /** With modules to preload, COMPLETE is reported only once the workers have imported them. */
    private volatile BootstrapProgress heldComplete;
    /** The last successful bootstrap, before its workers' preloads (which may have failed it since). */
    private volatile BootstrapResult.Ready bootstrapped;
    /** The venv marker's stat when the environment became ready: the monitor's sign that nothing rebuilt it since. */
    private volatile String markerStat = "";
    /** The options bootstraps use: {@link #options} plus what {@link #install} added at run time (a derived venv). */
    private volatile BootstrapOptions effective;
    private Cancellation cancellation = new Cancellation();
    private CompletableFuture<BootstrapResult> bootstrap;
    private boolean closed;

    public ManagedPythonEnvironment(BootstrapOptions options, PythonBootstrapManager manager, Executor executor) {
        this(options, manager, executor, BlockingGuard.NONE);
    }

    /** {@code executor} runs the bootstrap; {@code guard} refuses blocking calls on threads that must not block. */
    public ManagedPythonEnvironment(BootstrapOptions options, PythonBootstrapManager manager, Executor executor, BlockingGuard guard) {
        this.options = options;
        this.effective = options;
        this.manager = manager;
        this.executor = executor;
        this.guard = guard;
        this.async = new AsyncCalls(options.environmentName());
        this.calls = new InterpreterCalls(options, manager);
        this.workers = new EnvironmentWorkers(options, this::ready, guard, async.executor(), manager.hints());
    }

    /** Receives every progress event of this environment's bootstraps. */
    public void addListener(Consumer<BootstrapProgress> listener) {
        listeners.add(listener);
    }

    /** Receives how long each {@code workers()} call took (for metrics). */
    public void addCallListener(Consumer<Duration> listener) {
        workers.addCallListener(listener);
    }

    /** Receives the outcome of every bootstrap of this environment, and a failed result when a ready one is lost. */
    public void addOutcomeListener(Consumer<BootstrapResult> listener) {
        outcomeListeners.add(listener);
    }

    public BootstrapOptions options() {
        return options;
    }

    /** Starts the bootstrap unless it has started already; returns its outcome. */
    public synchronized CompletableFuture<BootstrapResult> start() {
        if (bootstrap == null) {
            Cancellation run = cancellation;
            // The outcome comes from the bootstrap thread, or, when that thread threw or is still busy after the time
            // limit, is FAILED all the same (see UnfinishedBootstrap); a late thread's progress then changes nothing.
            CompletableFuture<BootstrapResult> outcome = new CompletableFuture<>();
            BootstrapOptions current = effective;
            CompletableFuture.supplyAsync(() -> manager.ensurePythonEnvironment(current, progress -> {
                if (!outcome.isDone()) {
                    onBootstrapProgress(progress);
                }
            }, run), executor).whenComplete((result, error) -> {
                if (error == null) {
                    outcome.complete(result);
                } else {
                    unfinished(outcome, UnfinishedBootstrap.threw(options, status, error));
                }
            });
            CompletableFuture.delayedExecutor(UnfinishedBootstrap.patience(options).toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
                if (!outcome.isDone()) {
                    unfinished(outcome, UnfinishedBootstrap.stillBusy(options, status, manager.hints()));
                }
            });
            bootstrap = outcome.thenApply(this::withWorkers).whenComplete(this::tell);
        }
        return bootstrap;
    }

    /**
     * Bootstraps again (after a failure, or when a ready environment was lost); a bootstrap that
     * is still running is returned as it is.
     */
    public synchronized CompletableFuture<BootstrapResult> restart() {
        if (closed || (bootstrap != null && !bootstrap.isDone())) {
            return start();
        }
        cancellation = new Cancellation();
        bootstrap = null;
        return start();
    }

    /** Stops a running bootstrap for good (whatever it created is removed); no restart follows. */
    public synchronized void cancel() {
        closed = true;
        cancellation.cancel();
    }

    /**
     * {@link #cancel()}, and stops the threads of the asynchronous methods: calls already running
     * finish, later ones complete exceptionally.
     */
    @Override
    public void close() {
        cancel();
        workers.close();
        async.shutdown();
        manager.release(name());
    }

    @Override
    public PythonWorkers workers() {
        return workers;
    }

    /** Why the workers cannot run a call now: none is alive and the last try to start one failed; for readiness. */
    public Optional<String> workersUnavailable() {
        return workers.unavailable();
    }

    /**
     * The application's Python code changed (dev mode): the workers are replaced (in-process: re-import), the environment
     * stays. With preloads the new workers import the new code before the environment is ready
     * again, and a module that now fails to import turns it FAILED, naming the module; the next
     * change tries again.
     */
    public synchronized CompletableFuture<BootstrapResult> reloadWorkers() {
        BootstrapResult.Ready ready = bootstrapped;
        // In-process the interpreter stays: the changed modules are re-imported before the next call.
        if (workers.pythonChanged()) { // in-process the interpreter stays: the changed modules are re-imported before the next call
            return start();
        }
        if (closed || ready == null || bootstrap == null || !bootstrap.isDone()) {
            workers.reset();
            return start();
        }
        heldComplete = new BootstrapProgress(name(), BootstrapStage.COMPLETE, 100, "Ready: workers reloaded after a change of the"
                + " application's Python code", 0, 0);
        bootstrap = CompletableFuture.supplyAsync(() -> withWorkers(ready), executor).whenComplete(this::tell);
        return bootstrap;
    }

    private void tell(BootstrapResult result, Throwable error) {
        if (result != null) {
            outcomeListeners.forEach(listener -> listener.accept(result));
        }
    }

    private void unfinished(CompletableFuture<BootstrapResult> outcome, BootstrapResult.Failed failed) {
        if (outcome.complete(failed)) {
            onProgress(new BootstrapProgress(name(), BootstrapStage.FAILED, status.percent(), failed.error().getMessage(), 0, 0));
        }
    }

    private void onBootstrapProgress(BootstrapProgress progress) {
        if (progress.stage() == BootstrapStage.COMPLETE && workers.preloads()) {
            heldComplete = progress;
            return;
        }
        onProgress(progress);
    }

    /**
     * A new bootstrap outcome: workers of an earlier one are stopped (the interpreter may have
     * changed); with preloads the new workers start now, and a failing preload fails the
     * environment, naming the module.
     */
    private BootstrapResult withWorkers(BootstrapResult result) {
        workers.reset();
        if (result instanceof BootstrapResult.Ready ready) {
            bootstrapped = ready;
            markerStat = VenvDrift.markerStat(ready);
        }
        BootstrapProgress complete = heldComplete;
        heldComplete = null;
        if (!(result instanceof BootstrapResult.Ready ready) || !workers.preloads()) {
            return result;
        }
        try {
            onProgress(new BootstrapProgress(name(), BootstrapStage.VERIFYING, Math.min(99, complete.percent()), workers.starting(), 0, 0));
            workers.start(ready);
            onProgress(complete);
            return result;
        } catch (PythonException e) {
            workers.reset();
            PythonBootstrapException failure = new PythonBootstrapException(BootstrapStage.VERIFYING,
                    PythonBootstrapException.Reason.COMPONENT_FAILED, e.input().orElse(null),
                    manager.hints().explain(name(), e, e.getMessage()), e);
            onProgress(new BootstrapProgress(name(), BootstrapStage.FAILED, status.percent(), failure.getMessage(), 0, 0));
            return new BootstrapResult.Failed(name(), Optional.of(ready.runtime()), failure, ready.stageDurations(), ready.warnings());
        }
    }

    /**
     * Checks with file stats that a ready environment still has its python (the venv's link and the base interpreter
     * behind it) and that its venv is still the one it was made for ({@link VenvDrift}); true when not ready or still
     * complete. Otherwise it turns FAILED saying what changed, and is rebuilt when {@link BootstrapOptions#autoRepair()} allows.
     */
    public boolean checkStillPresent() {
        if (!status.isReady() || !(result().orElse(null) instanceof BootstrapResult.Ready done)) {
            return true;
        }
        // The venv's own change first: a deleted baked copy takes the interpreter with it, and says more than "python is gone".
        Optional<PythonBootstrapException> gone = VenvDrift.changed(done, options, markerStat, manager.hints())
                .or(() -> InterpreterPresence.lost(done, options, manager.hints()));
        if (gone.isEmpty()) {
            return true;
        }
        PythonBootstrapException lost = gone.get();
        onProgress(new BootstrapProgress(name(), BootstrapStage.FAILED, status.percent(), lost.getMessage(), 0, 0));
        BootstrapResult failed = new BootstrapResult.Failed(name(), Optional.of(done.runtime()), lost, Map.of(), List.of());
        synchronized (this) {
            bootstrap = CompletableFuture.completedFuture(failed);
        }
        tell(failed, null);
        if (options.autoRepair()) {
            restart();
        }
        return false;
    }

    /** The outcome, when the bootstrap has finished. */
    public Optional<BootstrapResult> result() {
        CompletableFuture<BootstrapResult> current;
        synchronized (this) {
            current = bootstrap;
        }
        return current != null && current.isDone() && !current.isCompletedExceptionally() ? Optional.of(current.join())
                : Optional.empty();
    }

    @Override
    public String name() {
        return options.environmentName();
    }

    @Override
    public EnvironmentStatus status() {
        return status;
    }

    @Override
    public boolean isReady() {
        return status.isReady();
    }

    @Override
    public PythonEnvironment awaitReady(Duration timeout) {
        whenNotReady("awaitReady(Duration)");
        ready(timeout);
        return this;
    }

    @Override
    public Path interpreter() {
        whenNotReady("interpreter()");
        return ready().interpreter();
    }

    @Override
    public Path location() {
        whenNotReady("location()");
        return ready().location();
    }

    @Override
    public String pythonVersion() {
        whenNotReady("pythonVersion()");
        return ready().pythonVersion();
    }

    /** Reads the venv's metadata (no process); refused on an event loop only while it would wait for readiness. */
    @Override
    public Map<String, String> installedPackages() {
        whenNotReady("installedPackages()");
        return manager.installers().installed(ready().sitePackages());
    }

    @Override
    public ProcessResult run(String... args) {
        guard.checkBlockingAllowed("run(String...)", "runAsync(String...)");
        return runNow(Arrays.asList(args), options.execTimeout());
    }

    @Override
    public ProcessResult run(List<String> args, Duration timeout) {
        guard.checkBlockingAllowed("run(List, Duration)", "runAsync(String...)");
        return runNow(args, timeout);
    }

    @Override
    public ProcessResult exec(String code) {
        guard.checkBlockingAllowed("exec(String)", "execAsync(String)");
        return runNow(List.of("-c", code), options.execTimeout());
    }

    @Override
    public CompletionStage<ProcessResult> runAsync(String... args) {
        List<String> argv = List.of(args);
        return async.submit(() -> runNow(argv, options.execTimeout()), () -> status.stage());
    }

    @Override
    public CompletionStage<ProcessResult> execAsync(String code) {
        return async.submit(() -> runNow(List.of("-c", code), options.execTimeout()), () -> status.stage());
    }

    private ProcessResult runNow(List<String> args, Duration timeout) {
        return calls.run(ready(), args, timeout);
    }

    @Override
    public ProcessBuilder processBuilder(String... args) {
        whenNotReady("processBuilder(String...)");
        return calls.processBuilder(ready(), args);
    }

    /** Into a managed venv, which others with the same inputs may use, never: into a derived one, switched to (see DerivedInstall). */
    @Override
    public InstallResult install(String... requirements) {
        guard.checkBlockingAllowed("install(String...)", null);
        synchronized (calls) {
            BootstrapResult.Ready before = ready();
            if (requirements.length == 0 || !DerivedInstall.applies(effective)) {
                return calls.install(before, requirements, cancellation);
            }
            DerivedInstall.Outcome outcome = DerivedInstall.install(manager, effective, before, requirements, cancellation);
            synchronized (this) {
                effective = outcome.options();
                bootstrapped = outcome.ready();
                markerStat = VenvDrift.markerStat(outcome.ready());
                bootstrap = CompletableFuture.completedFuture(outcome.ready());
            }
            workers.reset();
            return outcome.result();
        }
    }

    /** A call waits for readiness as long as the bootstrap may take (its {@code timeout}). */
    private BootstrapResult.Ready ready() {
        return ready(options.timeout());
    }

    /** Accessors only block while they would wait for the bootstrap. */
    private void whenNotReady(String operation) {
        if (!status.isReady()) {
            guard.checkBlockingAllowed(operation + " before the environment is ready", "execAsync(String) or runAsync(String...)");
        }
    }

    private BootstrapResult.Ready ready(Duration timeout) {
        return ReadinessWait.await(start(), timeout, name(), this::status);
    }

    private void onProgress(BootstrapProgress progress) {
        Optional<String> error = progress.stage() == BootstrapStage.FAILED ? Optional.of(progress.message()) : Optional.empty();
        status = new EnvironmentStatus(progress.stage(), progress.percent(), progress.message(), error, progress.bytesDone(),
                progress.bytesTotal());
        for (Consumer<BootstrapProgress> listener : listeners) {
            listener.accept(progress);
        }
    }
}
