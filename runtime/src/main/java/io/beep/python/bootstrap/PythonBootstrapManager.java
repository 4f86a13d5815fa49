package io.beep.python.bootstrap;

import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.packages.PackageInstallers;
import io.beep.python.packages.PackageRequirementsManager;
import io.beep.python.provision.PythonProvisioner;
import io.beep.python.registry.PythonRuntimeRegistry;
import io.beep.python.venv.VirtualEnvironments;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One call from nothing to a ready Python environment: finds or provisions an interpreter,
 * registers it, creates the virtual environment, installs the requested packages in one batch,
 * verifies, and reports progress through the eleven {@link io.beep.python.BootstrapStage}s. A
 * second call with the same options on an unchanged environment completes from a marker in the
 * venv without starting any process.
 * <p>
 * Plain Java: {@code new PythonBootstrapManager(Path.of(System.getProperty("user.home"), ".beep-python"))}
 * works without Quarkus.
 */
public final class PythonBootstrapManager {

    private final Path home;
    private final ProcessRunner runner;
    private final PythonRuntimeRegistry registry;
    private final PythonProvisioner provisioner;
    private final VirtualEnvironments venvs;
    private final PackageRequirementsManager profiles;
    private final PackageInstallers installers;

    /** A manager with its own components under {@code home}. */
    public PythonBootstrapManager(Path home) {
        this(home, new ProcessRunner());
    }

    public PythonBootstrapManager(Path home, ProcessRunner runner) {
        this(home, runner, new PythonRuntimeRegistry(home, runner), new PythonProvisioner(home, runner), new VirtualEnvironments(runner, home),
                new PackageRequirementsManager(home), new PackageInstallers(home, runner));
    }

    public PythonBootstrapManager(Path home, ProcessRunner runner, PythonRuntimeRegistry registry, PythonProvisioner provisioner,
            VirtualEnvironments venvs, PackageRequirementsManager profiles, PackageInstallers installers) {
        this.home = home;
        this.runner = runner;
        this.registry = registry;
        this.provisioner = provisioner;
        this.venvs = venvs;
        this.profiles = profiles;
        this.installers = installers;
    }

    /** Bootstraps with no progress listener and no cancellation. */
    public BootstrapResult ensurePythonEnvironment(BootstrapOptions options) {
        return ensurePythonEnvironment(options, progress -> {
        }, Cancellation.none());
    }

    /**
     * Bootstraps the environment {@code options} describe and waits for the outcome. Never throws
     * for a failed bootstrap: the result carries the error, and whatever this call created is removed.
     */
    public BootstrapResult ensurePythonEnvironment(BootstrapOptions options, Consumer<BootstrapProgress> listener,
            Cancellation cancellation) {
        StageTracker tracker = new StageTracker(options.environmentName(), listener);
        // The time limit works by cancelling, so that running processes and downloads stop too.
        Cancellation run = new Cancellation();
        try (AutoCloseable ignored = cancellation.onCancel(run::cancel)) {
            CompletableFuture.delayedExecutor(options.timeout().toMillis(), TimeUnit.MILLISECONDS).execute(run::cancel);
            return new BootstrapRun(this, options, tracker, run).execute();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same bootstrap on {@code executor}. */
    public CompletionStage<BootstrapResult> ensurePythonEnvironmentAsync(BootstrapOptions options, Consumer<BootstrapProgress> listener,
            Cancellation cancellation, Executor executor) {
        return CompletableFuture.supplyAsync(() -> ensurePythonEnvironment(options, listener, cancellation), executor);
    }

    public Path home() {
        return home;
    }

    public ProcessRunner runner() {
        return runner;
    }

    public PythonRuntimeRegistry registry() {
        return registry;
    }

    public PythonProvisioner provisioner() {
        return provisioner;
    }

    public VirtualEnvironments venvs() {
        return venvs;
    }

    public PackageRequirementsManager profiles() {
        return profiles;
    }

    public PackageInstallers installers() {
        return installers;
    }
}
