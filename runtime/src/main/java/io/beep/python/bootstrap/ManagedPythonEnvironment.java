package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;
import io.beep.python.EnvironmentStatus;
import io.beep.python.InstallResult;
import io.beep.python.ProcessResult;
import io.beep.python.PythonBootstrapException;
import io.beep.python.PythonEnvironment;
import io.beep.python.packages.Requirement;
import io.beep.python.process.Cancellation;
import io.beep.python.process.Durations;
import io.beep.python.process.ProcessSpec;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A {@link PythonEnvironment} whose bootstrap runs once on an executor (single flight), with a
 * status that never blocks and methods that wait for readiness. This is what the Quarkus beans
 * are, and what a plain Java application gets from {@link #start()}.
 */
public final class ManagedPythonEnvironment implements PythonEnvironment {

    private final BootstrapOptions options;
    private final PythonBootstrapManager manager;
    private final Executor executor;
    private final List<Consumer<BootstrapProgress>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<BootstrapResult>> outcomeListeners = new CopyOnWriteArrayList<>();
    private volatile EnvironmentStatus status = EnvironmentStatus.pending();
    private Cancellation cancellation = new Cancellation();
    private CompletableFuture<BootstrapResult> bootstrap;
    private boolean closed;

    public ManagedPythonEnvironment(BootstrapOptions options, PythonBootstrapManager manager, Executor executor) {
        this.options = options;
        this.manager = manager;
        this.executor = executor;
    }

    /** Receives every progress event of this environment's bootstraps. */
    public void addListener(Consumer<BootstrapProgress> listener) {
        listeners.add(listener);
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
            bootstrap = CompletableFuture.supplyAsync(() -> manager.ensurePythonEnvironment(options, this::onProgress, run), executor)
                    .whenComplete((result, error) -> {
                        if (result != null) {
                            outcomeListeners.forEach(listener -> listener.accept(result));
                        }
                    });
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
     * Checks with file stats that a ready environment still has its python (the venv's link and the
     * base interpreter behind it). When it is gone the environment turns FAILED with a message
     * saying what disappeared, and is rebuilt when {@link BootstrapOptions#autoRepair()} allows.
     *
     * @return true when the environment is not ready or is still complete
     */
    public boolean checkStillPresent() {
        Optional<BootstrapResult> done = result();
        if (!status.isReady() || done.isEmpty() || done.get().interpreter().isEmpty()) {
            return true;
        }
        Path python = done.get().interpreter().get();
        if (Files.isExecutable(python)) {
            return true;
        }
        String what = Files.exists(python, LinkOption.NOFOLLOW_LINKS) ? "the base interpreter behind " + python : python.toString();
        PythonBootstrapException lost = new PythonBootstrapException(BootstrapStage.VERIFYING, python.toString(),
                "Python environment '" + name() + "' lost " + what + (options.autoRepair() ? "; rebuilding it"
                        : "; restart the application, or set beep.python.auto-repair=true to rebuild it automatically"));
        onProgress(new BootstrapProgress(name(), BootstrapStage.FAILED, status.percent(), lost.getMessage(), 0, 0));
        BootstrapResult failed = new BootstrapResult(name(), false, done.get().runtime(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Map.of(), Map.of(), false, Map.of(), List.of(), Optional.of(lost));
        synchronized (this) {
            bootstrap = CompletableFuture.completedFuture(failed);
        }
        outcomeListeners.forEach(listener -> listener.accept(failed));
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
        ready(timeout);
        return this;
    }

    @Override
    public Path interpreter() {
        return ready().interpreter().orElseThrow();
    }

    @Override
    public Path location() {
        return ready().location().orElseThrow();
    }

    @Override
    public String pythonVersion() {
        return ready().pythonVersion().orElseThrow();
    }

    @Override
    public Map<String, String> installedPackages() {
        return manager.installers().installed(ready().sitePackages().orElseThrow());
    }

    @Override
    public ProcessResult run(String... args) {
        return run(Arrays.asList(args), options.timeout());
    }

    @Override
    public ProcessResult run(List<String> args, Duration timeout) {
        BootstrapResult ready = ready();
        List<String> argv = new ArrayList<>();
        argv.add(ready.interpreter().orElseThrow().toString());
        argv.addAll(args);
        return manager.runner().run(spec(ready, argv).withTimeout(timeout));
    }

    @Override
    public ProcessResult exec(String code) {
        return run("-c", code);
    }

    @Override
    public ProcessBuilder processBuilder(String... args) {
        BootstrapResult ready = ready();
        List<String> argv = new ArrayList<>();
        argv.add(ready.interpreter().orElseThrow().toString());
        argv.addAll(Arrays.asList(args));
        return manager.runner().builder(spec(ready, argv));
    }

    @Override
    public InstallResult install(String... requirements) {
        BootstrapResult ready = ready();
        List<Requirement> parsed = Arrays.stream(requirements).map(Requirement::parse).toList();
        InstallResult result = manager.installers().install(ready.interpreter().orElseThrow(), ready.sitePackages().orElseThrow(), parsed,
                options.installer(), options.sources(), options.timeout(), cancellation);
        return result;
    }

    private ProcessSpec spec(BootstrapResult ready, List<String> argv) {
        ProcessSpec spec = ProcessSpec.of(argv);
        if (options.createVirtualEnvironment()) {
            Path bin = ready.interpreter().orElseThrow().getParent();
            spec = spec.withEnvironment("VIRTUAL_ENV", ready.location().orElseThrow().toString())
                    .withEnvironment("PATH", bin + File.pathSeparator + System.getenv().getOrDefault("PATH", ""));
        }
        return spec;
    }

    private BootstrapResult ready() {
        return ready(options.timeout());
    }

    private BootstrapResult ready(Duration timeout) {
        CompletableFuture<BootstrapResult> running = start();
        BootstrapResult result;
        try {
            result = running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new PythonBootstrapException(status.stage(), name(), "Python environment '" + name() + "' is not ready after "
                    + Durations.human(timeout) + " (at " + status.stage() + ": " + status.message() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PythonBootstrapException(status.stage(), name(), "Interrupted while waiting for Python environment '" + name() + "'");
        } catch (ExecutionException e) {
            throw new PythonBootstrapException(BootstrapStage.FAILED, name(), "Python environment '" + name() + "' failed: "
                    + e.getCause().getMessage(), e.getCause());
        }
        if (!result.success()) {
            PythonBootstrapException error = result.error().orElseThrow();
            throw new PythonBootstrapException(error.stage(), error.input().orElse(null),
                    "Python environment '" + name() + "' failed during " + error.stage() + ": " + error.getMessage(), error);
        }
        return result;
    }

    private void onProgress(BootstrapProgress progress) {
        Optional<String> error = progress.stage() == BootstrapStage.FAILED ? Optional.of(progress.message()) : Optional.empty();
        status = new EnvironmentStatus(progress.stage(), progress.percent(), progress.message(), error);
        for (Consumer<BootstrapProgress> listener : listeners) {
            listener.accept(progress);
        }
    }
}
