package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;
import io.beep.python.EnvironmentStatus;
import io.beep.python.PythonBootstrapException;
import io.beep.python.PythonException;
import io.beep.python.process.Cancellation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The bootstrap side of a {@link ManagedPythonEnvironment}: its bootstrap runs once on an executor (single flight), is
 * restarted, cancelled, watched for drift and followed by its workers' start; its status never blocks. Split from the
 * environment, which keeps what a caller does with a ready environment (calls, processes, installs), so that each file
 * holds one job.
 */
final class EnvironmentLifecycle {

    private final BootstrapOptions options;
    private final PythonBootstrapManager manager;
    private final Executor executor;
    private final EnvironmentWorkers workers;
    private final List<Consumer<BootstrapProgress>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<BootstrapResult>> outcomeListeners = new CopyOnWriteArrayList<>();
    private volatile EnvironmentStatus status = EnvironmentStatus.pending();
    /** With modules to preload, COMPLETE is reported only once the workers have imported them. */
    private volatile BootstrapProgress heldComplete;
    /** The last successful bootstrap, before its workers' preloads (which may have failed it since). */
    private volatile BootstrapResult.Ready bootstrapped;
    /** The venv marker's stat when the environment became ready: the monitor's sign that nothing rebuilt it since. */
    private volatile String markerStat = "";
    /** The options bootstraps use: {@link #options} plus what an install added at run time (a derived venv). */
    private volatile BootstrapOptions effective;
    private Cancellation cancellation = new Cancellation();
    private CompletableFuture<BootstrapResult> bootstrap;
    private boolean closed;

    EnvironmentLifecycle(BootstrapOptions options, PythonBootstrapManager manager, Executor executor, EnvironmentWorkers workers) {
        this.options = options;
        this.effective = options;
        this.manager = manager;
        this.executor = executor;
        this.workers = workers;
    }

    void addListener(Consumer<BootstrapProgress> listener) {
        listeners.add(listener);
    }

    void addOutcomeListener(Consumer<BootstrapResult> listener) {
        outcomeListeners.add(listener);
    }

    private String name() {
        return options.environmentName();
    }

    EnvironmentStatus status() {
        return status;
    }

    /** The options bootstraps and installs use now. */
    BootstrapOptions effective() {
        return effective;
    }

    /** The cancellation of the bootstrap running now, for an install into its venv. */
    synchronized Cancellation cancellation() {
        return cancellation;
    }

    /** An install switched the environment to a derived venv: it is the ready environment from now on. */
    synchronized void switchTo(BootstrapOptions options, BootstrapResult.Ready ready) {
        effective = options;
        bootstrapped = ready;
        markerStat = VenvDrift.markerStat(ready);
        bootstrap = CompletableFuture.completedFuture(ready);
    }

    /** Waits for the bootstrap (starting it) up to {@code timeout}; a ready result or the failure, with the status's words. */
    BootstrapResult.Ready ready(Duration timeout) {
        return ReadinessWait.await(start(), timeout, name(), this::status);
    }

    /** Starts the bootstrap unless it has started already; returns its outcome. */
    synchronized CompletableFuture<BootstrapResult> start() {
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
    synchronized CompletableFuture<BootstrapResult> restart() {
        if (closed || (bootstrap != null && !bootstrap.isDone())) {
            return start();
        }
        cancellation = new Cancellation();
        bootstrap = null;
        return start();
    }

    /** Stops a running bootstrap for good (whatever it created is removed); no restart follows. */
    synchronized void cancel() {
        closed = true;
        cancellation.cancel();
    }

    /**
     * The application's Python code changed (dev mode): the workers are replaced (in-process: re-import), the environment
     * stays. With preloads the new workers import the new code before the environment is ready
     * again, and a module that now fails to import turns it FAILED, naming the module; the next
     * change tries again.
     */
    synchronized CompletableFuture<BootstrapResult> reloadWorkers() {
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
    boolean checkStillPresent() {
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
    Optional<BootstrapResult> result() {
        CompletableFuture<BootstrapResult> current;
        synchronized (this) {
            current = bootstrap;
        }
        return current != null && current.isDone() && !current.isCompletedExceptionally() ? Optional.of(current.join())
                : Optional.empty();
    }

    private void onProgress(BootstrapProgress progress) {
        Optional<String> error = progress.stage() == BootstrapStage.FAILED ? Optional.of(progress.message()) : Optional.empty();
        status = new EnvironmentStatus(progress.stage(), progress.percent(), progress.message(), error, progress.bytesDone(),
                progress.bytesTotal(), progress.itemsDone(), progress.itemsTotal());
        for (Consumer<BootstrapProgress> listener : listeners) {
            listener.accept(progress);
        }
    }
}
