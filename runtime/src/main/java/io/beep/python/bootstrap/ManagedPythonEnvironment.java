package io.beep.python.bootstrap;

import io.beep.python.EnvironmentStatus;
import io.beep.python.InstallResult;
import io.beep.python.ProcessResult;
import io.beep.python.PythonEnvironment;
import io.beep.python.PythonWorkers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A {@link PythonEnvironment} whose bootstrap runs once on an executor (single flight), with a
 * status that never blocks and methods that wait for readiness. This is what the Quarkus beans
 * are, and what a plain Java application gets from {@link #start()}. The asynchronous methods run
 * on threads of its own, which {@link #close()} stops. The bootstrap's own life (start, restart,
 * cancel, drift, the workers after it) is {@link EnvironmentLifecycle}'s; this class is what a caller
 * does with the environment.
 */
public final class ManagedPythonEnvironment implements PythonEnvironment, AutoCloseable {

    private final BootstrapOptions options;
    private final PythonBootstrapManager manager;
    private final BlockingGuard guard;
    private final AsyncCalls async;
    private final InterpreterCalls calls;
    private final EnvironmentWorkers workers;
    private final EnvironmentLifecycle lifecycle;

    public ManagedPythonEnvironment(BootstrapOptions options, PythonBootstrapManager manager, Executor executor) {
        this(options, manager, executor, BlockingGuard.NONE);
    }

    /** {@code executor} runs the bootstrap; {@code guard} refuses blocking calls on threads that must not block. */
    public ManagedPythonEnvironment(BootstrapOptions options, PythonBootstrapManager manager, Executor executor, BlockingGuard guard) {
        this.options = options;
        this.manager = manager;
        this.guard = guard;
        this.async = new AsyncCalls(options.environmentName());
        this.calls = new InterpreterCalls(options, manager);
        this.workers = new EnvironmentWorkers(options, this::ready, guard, async.executor(), manager.hints());
        this.lifecycle = new EnvironmentLifecycle(options, manager, executor, workers);
    }

    /** Receives every progress event of this environment's bootstraps. */
    public void addListener(Consumer<BootstrapProgress> listener) {
        lifecycle.addListener(listener);
    }

    /** Watches each {@code workers()} call, in either call mode (metrics, traces). */
    public void addCallObserver(CallObserver observer) {
        workers.addCallObserver(observer);
    }

    /**
     * Carries the caller's context (request context, MDC, trace) into {@code runAsync}, {@code execAsync},
     * {@code workers().callAsync} and their continuations; {@link AsyncContext#NONE} until set.
     */
    public void propagateContext(AsyncContext context) {
        async.propagateContext(context);
        workers.propagateContext(context);
    }

    /** Receives the outcome of every bootstrap of this environment, and a failed result when a ready one is lost. */
    public void addOutcomeListener(Consumer<BootstrapResult> listener) {
        lifecycle.addOutcomeListener(listener);
    }

    public BootstrapOptions options() {
        return options;
    }

    /** Starts the bootstrap unless it has started already; returns its outcome. */
    public CompletableFuture<BootstrapResult> start() {
        return lifecycle.start();
    }

    /**
     * Bootstraps again (after a failure, or when a ready environment was lost); a bootstrap that
     * is still running is returned as it is.
     */
    public CompletableFuture<BootstrapResult> restart() {
        return lifecycle.restart();
    }

    /** Stops a running bootstrap for good (whatever it created is removed); no restart follows. */
    public void cancel() {
        lifecycle.cancel();
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
    public CompletableFuture<BootstrapResult> reloadWorkers() {
        return lifecycle.reloadWorkers();
    }

    /**
     * Checks with file stats that a ready environment still has its python (the venv's link and the base interpreter
     * behind it) and that its venv is still the one it was made for ({@link VenvDrift}); true when not ready or still
     * complete. Otherwise it turns FAILED saying what changed, and is rebuilt when {@link BootstrapOptions#autoRepair()} allows.
     */
    public boolean checkStillPresent() {
        return lifecycle.checkStillPresent();
    }

    /** The outcome, when the bootstrap has finished. */
    public Optional<BootstrapResult> result() {
        return lifecycle.result();
    }

    @Override
    public String name() {
        return options.environmentName();
    }

    @Override
    public EnvironmentStatus status() {
        return lifecycle.status();
    }

    @Override
    public boolean isReady() {
        return status().isReady();
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
        return async.submit(() -> runNow(argv, options.execTimeout()), () -> status().stage());
    }

    @Override
    public CompletionStage<ProcessResult> execAsync(String code) {
        return async.submit(() -> runNow(List.of("-c", code), options.execTimeout()), () -> status().stage());
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
            BootstrapOptions effective = lifecycle.effective();
            if (requirements.length == 0 || !DerivedInstall.applies(effective)) {
                return calls.install(before, requirements, lifecycle.cancellation());
            }
            DerivedInstall.Outcome outcome = DerivedInstall.install(manager, effective, before, requirements, lifecycle.cancellation());
            lifecycle.switchTo(outcome.options(), outcome.ready());
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
        if (!status().isReady()) {
            guard.checkBlockingAllowed(operation + " before the environment is ready", "execAsync(String) or runAsync(String...)");
        }
    }

    private BootstrapResult.Ready ready(Duration timeout) {
        return lifecycle.ready(timeout);
    }

}
