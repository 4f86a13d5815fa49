package io.beep.python.quarkus;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;
import io.beep.python.bootstrap.BootstrapOptions;
import io.beep.python.bootstrap.BootstrapProgress;
import io.beep.python.bootstrap.BootstrapResult;
import io.beep.python.bootstrap.EnvironmentMonitor;
import io.beep.python.bootstrap.ManagedPythonEnvironment;
import io.beep.python.bootstrap.PythonBootstrapManager;
import io.beep.python.bootstrap.PythonEnvironmentFailed;
import io.beep.python.bootstrap.PythonEnvironmentReady;
import io.beep.python.bootstrap.StartupMode;
import io.quarkus.arc.Arc;

import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The application's Python environments, by name, and the threads that bootstrap them. Bootstraps
 * never run on an event-loop thread: they run on this class's own bounded pool.
 */
public final class PythonEnvironments {

    private static final java.time.Duration BACKGROUND_WORK_AT_STOP = java.time.Duration.ofSeconds(20);

    private static final Logger LOG = Logger.getLogger(PythonEnvironments.class);

    /** How many environments bootstrap at once; more wait their turn. */
    static final int MAX_PARALLEL_BOOTSTRAPS = 4;

    private final PythonBootstrapManager manager;
    private final Map<String, ManagedPythonEnvironment> environments;
    private final Map<String, StartupMode> startupModes;
    private final ExecutorService executor;
    private final Duration monitorInterval;
    private EnvironmentMonitor monitor;
    private volatile VenvGarbageCollection venvGc;
    private volatile RuntimeUpdateSchedule runtimeUpdates;
    private Path watchedPython;
    private ApplicationPythonWatcher pythonWatcher;

    PythonEnvironments(PythonBootstrapManager manager, Map<String, BootstrapOptions> options, Map<String, StartupMode> startupModes,
            Duration monitorInterval) {
        this.monitorInterval = monitorInterval;
        this.manager = manager;
        this.startupModes = Map.copyOf(startupModes);
        this.executor = executor(Math.min(MAX_PARALLEL_BOOTSTRAPS, Math.max(1, options.size())));
        Map<String, ManagedPythonEnvironment> byName = new LinkedHashMap<>();
        options.forEach((name, opts) -> {
            ManagedPythonEnvironment environment = new ManagedPythonEnvironment(opts, manager, executor, EventLoopGuard.INSTANCE);
            environment.addListener(onStageChange(progress -> {
                if (progress.stage() == BootstrapStage.COMPLETE) {
                    LOG.infof("Python environment '%s' is ready: %s", name, progress.message());
                } else if (progress.stage() == BootstrapStage.FAILED) {
                    LOG.errorf("Python environment '%s' failed: %s", name, progress.message());
                } else {
                    LOG.debugf("Python environment '%s' [%d%%] %s: %s", name, progress.percent(), progress.stage(), progress.message());
                }
                fire(progress);
            }));
            environment.addOutcomeListener(result -> {
                VenvGarbageCollection gc = venvGc;
                if (gc != null && result instanceof BootstrapResult.Ready) {
                    gc.afterReady();
                }
            });
            environment.addOutcomeListener(result -> {
                RuntimeUpdateSchedule updates = runtimeUpdates;
                if (updates != null && result instanceof BootstrapResult.Ready ready) {
                    updates.afterReady(ready.runtime(), opts.distribution());
                }
            });
            environment.addOutcomeListener(result -> fire(result instanceof BootstrapResult.Ready ready ? new PythonEnvironmentReady(name, ready)
                    : new PythonEnvironmentFailed(name, ((BootstrapResult.Failed) result).error())));
            byName.put(name, environment);
        });
        this.environments = Collections.unmodifiableMap(byName);
    }

    public PythonBootstrapManager manager() {
        return manager;
    }

    public Map<String, ManagedPythonEnvironment> all() {
        return environments;
    }

    public ManagedPythonEnvironment get(String name) {
        ManagedPythonEnvironment environment = environments.get(name);
        if (environment == null) {
            throw new IllegalArgumentException("No Python environment named '" + name + "'; configured: "
                    + String.join(", ", environments.keySet()));
        }
        return environment;
    }

    /**
     * Starts every environment according to its startup mode: background ones are submitted, lazy
     * ones wait for their first use, and blocking ones are awaited here; a blocking failure is
     * thrown so that startup fails with it.
     */
    /** Once an environment is ready, venvs of the home unused for {@code after} are removed in the background. */
    void collectVenvsAfter(Duration after) {
        this.venvGc = new VenvGarbageCollection(manager.home(), after);
    }

    /** {@code beep.python.runtime-updates=patch}: once an environment is ready, a newer patch of its interpreter is looked for. */
    void updateRuntimesEvery(Duration interval) {
        this.runtimeUpdates = new RuntimeUpdateSchedule(manager, interval);
    }

    /** Dev mode: each time the default environment is ready, its interpreter is handed to the IDE. */
    void handOffToIde(IdeHandOff ide) {
        ManagedPythonEnvironment environment = environments.get(BeepPythonConfig.DEFAULT_ENVIRONMENT);
        if (environment != null) {
            environment.addOutcomeListener(result -> {
                if (result instanceof BootstrapResult.Ready ready) {
                    ide.handOff(BeepPythonConfig.DEFAULT_ENVIRONMENT, ready.interpreter());
                }
            });
        }
    }

    /** Dev mode: a change under {@code dir} (the application's src/main/python) replaces the workers. */
    void watchApplicationPython(Path dir) {
        this.watchedPython = dir;
    }

    void start() {
        monitor = new EnvironmentMonitor(List.copyOf(environments.values()), monitorInterval);
        if (watchedPython != null) {
            pythonWatcher = ApplicationPythonWatcher.start(watchedPython, List.copyOf(environments.values()));
        }
        environments.forEach((name, environment) -> {
            if (startupModes.get(name) != StartupMode.LAZY) {
                environment.start();
            }
        });
        environments.forEach((name, environment) -> {
            if (startupModes.get(name) == StartupMode.BLOCKING) {
                BootstrapResult result = environment.start().join();
                if (result instanceof BootstrapResult.Failed failed) {
                    PythonBootstrapException error = failed.error();
                    throw new PythonBootstrapException(error.stage(), error.input().orElse(null), "Python environment '" + name
                            + "' (beep.python.startup=blocking) failed during " + error.stage() + ": " + error.getMessage(), error);
                }
            }
        });
    }

    /**
     * The init-and-exit run ({@code quarkus.init-and-exit=true}, a Kubernetes Job or init
     * container): makes every environment ready, whatever its startup mode, and stops them again.
     * Throws naming every environment that failed, so that the process exits non-zero with it.
     */
    void prepareAllAndStop() {
        try {
            environments.values().forEach(ManagedPythonEnvironment::start);
            List<String> failures = new java.util.ArrayList<>();
            environments.forEach((name, environment) -> {
                BootstrapResult result = environment.start().join();
                if (result instanceof BootstrapResult.Failed failed) {
                    PythonBootstrapException error = failed.error();
                    failures.add("'" + name + "' failed during " + error.stage() + ": " + error.getMessage());
                } else {
                    LOG.infof("Python environment '%s' is prepared for the application's pods", name);
                }
            });
            if (!failures.isEmpty()) {
                throw new IllegalStateException("Beep Python init task: " + String.join("; ", failures));
            }
        } finally {
            stop();
        }
    }

    /** Cancels running bootstraps (removing their partial work) and stops the threads. */
    void stop() {
        if (monitor != null) {
            monitor.close();
        }
        if (pythonWatcher != null) {
            pythonWatcher.close();
        }
        environments.values().forEach(ManagedPythonEnvironment::close);
        // Work left running after readiness (pip's seed compiled for the home, lock files) finishes rather than being cut off:
        // an init task's Job in particular must leave the shared home complete.
        manager.awaitBackgroundWork(BACKGROUND_WORK_AT_STOP);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Passes on the first progress event of each stage only. A download reports progress per chunk:
     * those bytes are status data ({@code EnvironmentStatus#bytesDone}), not events that every
     * observer in the application would receive hundreds of times.
     */
    private static Consumer<BootstrapProgress> onStageChange(Consumer<BootstrapProgress> listener) {
        AtomicReference<BootstrapStage> last = new AtomicReference<>();
        return progress -> {
            if (last.getAndSet(progress.stage()) != progress.stage()) {
                listener.accept(progress);
            }
        };
    }

    /** Fires a CDI event; an observer that throws must not break the bootstrap that reported. */
    private static void fire(Object event) {
        try {
            Arc.container().beanManager().getEvent().select(Object.class).fire(event);
        } catch (RuntimeException e) {
            LOG.warnf(e, "An observer of %s failed", event.getClass().getSimpleName());
        }
    }

    private static ExecutorService executor(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "beep-python-bootstrap-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
