package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;
import io.beep.python.EnvironmentStatus;
import io.beep.python.PythonBootstrapException;
import io.beep.python.process.Durations;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A wait for an environment's bootstrap, bounded by a time-out: the ready result, or a failure that
 * names the environment and where it stands (the stage it is at, or the stage it failed in).
 */
final class ReadinessWait {

    private ReadinessWait() {
    }

    /** {@code status}: the environment's current status, read when the wait ends without a result. */
    static BootstrapResult.Ready await(CompletableFuture<BootstrapResult> running, Duration timeout, String name,
            Supplier<EnvironmentStatus> status) {
        BootstrapResult result;
        try {
            result = running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new PythonBootstrapException(status.get().stage(), name, "Python environment '" + name + "' is not ready after "
                    + Durations.human(timeout) + " (at " + status.get().stage() + ": " + status.get().message() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PythonBootstrapException(status.get().stage(), name, "Interrupted while waiting for Python environment '" + name + "'");
        } catch (ExecutionException e) {
            throw new PythonBootstrapException(BootstrapStage.FAILED, name, "Python environment '" + name + "' failed: "
                    + e.getCause().getMessage(), e.getCause());
        }
        if (result instanceof BootstrapResult.Failed failed) {
            PythonBootstrapException error = failed.error();
            throw new PythonBootstrapException(error.stage(), error.input().orElse(null),
                    "Python environment '" + name + "' failed during " + error.stage() + ": " + error.getMessage(), error);
        }
        return (BootstrapResult.Ready) result;
    }
}
