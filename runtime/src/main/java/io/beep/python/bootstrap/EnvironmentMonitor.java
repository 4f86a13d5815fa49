package io.beep.python.bootstrap;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches ready environments: one whose interpreter or venv disappeared turns DOWN with a message
 * saying what is gone, and, when its options allow repair, is rebuilt. The checks are file stats
 * only, so watching costs next to nothing.
 */
public final class EnvironmentMonitor implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(EnvironmentMonitor.class.getName());

    private final List<ManagedPythonEnvironment> environments;
    private final ScheduledExecutorService scheduler;

    public EnvironmentMonitor(List<ManagedPythonEnvironment> environments, Duration interval) {
        this.environments = List.copyOf(environments);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "beep-python-monitor");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::checkAll, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Checks every environment once (each scheduled round; tests in this package force one). */
    void checkAll() {
        for (ManagedPythonEnvironment environment : environments) {
            try {
                environment.checkStillPresent();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Checking Python environment '" + environment.name() + "' failed", e);
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
