package io.beep.python.bootstrap;

import io.beep.python.process.Cancellation;
import io.beep.python.process.Durations;
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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

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

    private final Rooms rooms;
    private final ScheduledThreadPoolExecutor timers = timers();

    /**
     * Starts loading, on a daemon thread, what a new JVM's first bootstrap needs before anything else (the SHA-256
     * provider, the JSON parser, java.time's parser): for an application that knows it will bootstrap soon and has
     * startup work of its own to do meanwhile. Optional; nothing waits for it.
     */
    public static void warmUpInBackground() {
        StartupWarmUp.startInBackground();
    }

    /** A manager with its own components under {@code home}. */
    public PythonBootstrapManager(Path home) {
        this(home, new ProcessRunner());
    }

    /** A manager whose components are made on first use, so that a warm start makes few of them. */
    public PythonBootstrapManager(Path home, ProcessRunner runner) {
        this(home, runner, FailureHints.NONE);
    }

    /** As {@link #PythonBootstrapManager(Path, ProcessRunner)}, with {@code hints} appended to failure messages. */
    public PythonBootstrapManager(Path home, ProcessRunner runner, FailureHints hints) {
        this.rooms = Rooms.under(home, runner, hints);
    }

    /** With rooms of the caller's making (the build-time baker's provisioner reads the build's local repository). */
    PythonBootstrapManager(Rooms rooms) {
        this.rooms = rooms;
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
        BootstrapRun bootstrap = new BootstrapRun(rooms, options, tracker, run);
        // Scheduled after the run fixed its deadline, so the run sees the deadline passed whenever this fires.
        ScheduledFuture<?> timeLimit = timers.schedule(() -> run.cancel("its time limit of " + Durations.human(options.timeout())
                + " passed"), options.timeout().toNanos(), TimeUnit.NANOSECONDS);
        try (AutoCloseable ignored = cancellation.onCancel(() -> run.cancel(cancellation.reason()))) {
            return bootstrap.execute();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            timeLimit.cancel(false);
        }
    }

    /** How many time limits are scheduled now: one per running bootstrap, none once they finished. */
    int scheduledTimeLimits() {
        return timers.getQueue().size();
    }

    /**
     * One daemon thread for the time limits of this manager's bootstraps, only while one is scheduled:
     * a cancelled limit leaves the queue at once, and the idle thread ends, so nothing needs closing.
     */
    private static ScheduledThreadPoolExecutor timers() {
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "beep-python-bootstrap-time-limit");
            thread.setDaemon(true);
            return thread;
        });
        timers.setRemoveOnCancelPolicy(true);
        timers.setKeepAliveTime(1, TimeUnit.SECONDS);
        timers.allowCoreThreadTimeOut(true);
        return timers;
    }

    /** The same bootstrap on {@code executor}. */
    public CompletionStage<BootstrapResult> ensurePythonEnvironmentAsync(BootstrapOptions options, Consumer<BootstrapProgress> listener,
            Cancellation cancellation, Executor executor) {
        return CompletableFuture.supplyAsync(() -> ensurePythonEnvironment(options, listener, cancellation), executor);
    }


    /**
     * Waits (at most {@code timeout} for each kind) for work the bootstraps left running after readiness: lock files
     * being written, the seed cache being byte-compiled. For callers about to delete the home or exit.
     */
    public void awaitBackgroundWork(java.time.Duration timeout) {
        rooms.installers().awaitBackgroundWork(timeout);
        rooms.venvs().awaitBackgroundWork(timeout);
    }

    /**
     * Ends the use of its venv by the environment {@code environmentName} (taken when its bootstrap was ready): others
     * may then rebuild or collect that venv. Closing a {@link ManagedPythonEnvironment} does this; a process that
     * exits ends its uses anyway.
     */
    public void release(String environmentName) {
        rooms.uses.release(environmentName);
    }

    /** What the layer that owns the configuration adds to failure messages. */
    public FailureHints hints() {
        return rooms.hints;
    }

    public Path home() {
        return rooms.home;
    }

    public ProcessRunner runner() {
        return rooms.runner;
    }

    public PythonRuntimeRegistry registry() {
        return rooms.registry();
    }

    public PythonProvisioner provisioner() {
        return rooms.provisioner();
    }

    public VirtualEnvironments venvs() {
        return rooms.venvs();
    }

    public PackageRequirementsManager packageRequirements() {
        return rooms.packageRequirements();
    }

    public PackageInstallers installers() {
        return rooms.installers();
    }
}
