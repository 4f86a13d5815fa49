package io.beep.python.quarkus;

import io.beep.python.EnvironmentStatus;
import io.beep.python.WorkerStats;
import io.beep.python.Secrets;
import io.beep.python.bootstrap.BootstrapResult;
import io.beep.python.bootstrap.ManagedPythonEnvironment;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;


/**
 * The readiness and startup check {@code python:NAME} of one environment: DOWN while it is being
 * made, UP when ready, DOWN with the error after a failure, or when no worker is alive and none could
 * be started. It only reads the status and, when
 * ready, the venv's package metadata: a probe never waits and never starts a process.
 */
public final class PythonHealthCheck implements HealthCheck {

    private final ManagedPythonEnvironment environment;

    public PythonHealthCheck(ManagedPythonEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public HealthCheckResponse call() {
        EnvironmentStatus status = environment.status();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("python:" + environment.name())
                .status(status.isReady())
                .withData("stage", status.stage().name())
                .withData("percent", status.percent())
                .withData("message", Secrets.mask(status.message()));
        // Progress within a long stage: bytes of the interpreter's download or unpacking, packages and bytes of an install.
        if (status.bytesDone() > 0 || status.bytesTotal() != 0) {
            response.withData("bytesDone", status.bytesDone()).withData("bytesTotal", status.bytesTotal());
        }
        if (status.itemsTotal() != 0) {
            response.withData("packagesDone", status.itemsDone()).withData("packagesTotal", status.itemsTotal());
        }
        if (status.isReady()) {
            if (environment.result().orElse(null) instanceof BootstrapResult.Ready ready) {
                response.withData("pythonVersion", ready.pythonVersion());
                response.withData("interpreter", ready.interpreter().toString());
            }
            // Read from the venv's metadata (no process), so that packages installed at run time count too.
            response.withData("packages", environment.installedPackages().size());
            WorkerStats workers = environment.workers().stats();
            response.withData("workers", workers.alive() + "/" + workers.size());
            // Ready, but no call can run: no worker is alive and none could be started.
            environment.workersUnavailable().ifPresent(why -> response.down().withData("error", Secrets.mask(why)));
        }
        status.error().ifPresent(error -> response.withData("error", Secrets.mask(error)));
        return response.build();
    }
}
