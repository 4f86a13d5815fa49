package io.beep.python.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beep.python.PythonCallException;
import io.beep.python.bootstrap.BootstrapOptions;
import io.beep.python.bootstrap.ManagedPythonEnvironment;
import io.beep.python.bootstrap.PythonBootstrapManager;
import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.TestPython;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The readiness check of a real environment: UP when ready, DOWN when ready but no worker can run a call. */
class PythonHealthCheckTest {

    @TempDir
    Path home;

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private ManagedPythonEnvironment environment;
    private PythonBootstrapManager manager;

    @AfterEach
    void tearDown() {
        if (environment != null) {
            environment.close();
        }
        executor.shutdownNow();
        if (manager != null) {
            manager.awaitBackgroundWork(Duration.ofMinutes(5));
        }
    }

    @Test
    void aReadyEnvironmentWhoseWorkerDiedAndCannotBeRestartedIsDownSayingWhy() throws Exception {
        manager = new PythonBootstrapManager(home, new ProcessRunner(), new ConfigKeyHints());
        environment = new ManagedPythonEnvironment(BootstrapOptions.builder().environmentName("w").interpreter(TestPython.executable()).build(),
                manager, executor);
        environment.awaitReady(Duration.ofMinutes(2));
        PythonHealthCheck check = new PythonHealthCheck(environment);
        assertThat(environment.workers().call("json:dumps", 1).asText()).isEqualTo("1");
        assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);

        // The venv's python now exits at once: the environment still has an executable interpreter, but no worker starts.
        Path python = environment.interpreter();
        Files.delete(python);
        Files.writeString(python, "#!/bin/sh\necho 'cannot run' >&2\nexit 3\n");
        Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwx------"));
        assertThatThrownBy(() -> environment.workers().call("os:_exit", 3)).isInstanceOf(PythonCallException.class);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> check.call().getStatus() == HealthCheckResponse.Status.DOWN);
        Map<String, Object> data = check.call().getData().orElseThrow();
        assertThat(data).containsEntry("workers", "0/1").containsEntry("stage", "COMPLETE");
        assertThat((String) data.get("error")).contains("did not start").contains("exited with code 3");
    }
}
