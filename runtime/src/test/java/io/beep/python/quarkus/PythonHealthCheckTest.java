package io.beep.python.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beep.python.PythonCallException;
import io.beep.python.bootstrap.BootstrapOptions;
import io.beep.python.bootstrap.ManagedPythonEnvironment;
import io.beep.python.bootstrap.PythonBootstrapManager;
import io.beep.python.process.ProcessRunner;
import io.beep.python.packages.InstallerKind;
import io.beep.python.packages.PackageSources;
import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.TestPython;
import io.beep.python.testing.WheelBuilder;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    @Test
    void healthDataCountsThePackagesAndBytesPipReportsWhileItInstallsWithPercentClimbingWithinTheStage() throws Exception {
        // pip draws a download bar (with --progress-bar raw: "Progress DONE of TOTAL" lines) only for files over 512 KiB.
        StringBuilder noise = new StringBuilder();
        java.util.Random random = new java.util.Random(34);
        while (noise.length() < 1_600_000) {
            noise.append(Long.toHexString(random.nextLong()));
        }
        List<Map<String, Object>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (LoopbackPackageIndex index = LoopbackPackageIndex.start()
                .add(WheelBuilder.wheel("beep-top", "1.0").requires("beep-left", "beep-large"))
                .add(WheelBuilder.wheel("beep-left", "1.0"))
                .add(WheelBuilder.wheel("beep-large", "1.0").module("beep_large/data.py", "DATA = '" + noise + "'\n"))) {
            manager = new PythonBootstrapManager(home, new ProcessRunner(), new ConfigKeyHints());
            environment = new ManagedPythonEnvironment(BootstrapOptions.builder().environmentName("p").interpreter(TestPython.executable())
                    .installer(InstallerKind.PIP).sources(new PackageSources(Optional.of(index.url()), List.of(), List.of(), false))
                    .addPackage("beep-top").build(), manager, executor);
            PythonHealthCheck check = new PythonHealthCheck(environment);
            // What a probe would read at each moment of the install (a ready one reads the workers: not from the bootstrap's thread).
            environment.addListener(event -> {
                if (event.stage() == io.beep.python.BootstrapStage.INSTALLING_PACKAGES) {
                    seen.add(check.call().getData().orElseThrow());
                }
            });
            environment.awaitReady(Duration.ofMinutes(3));
            assertThat(check.call().getData().orElseThrow()).containsEntry("stage", "COMPLETE").doesNotContainKeys("packagesDone", "bytesDone");
        }

        List<Map<String, Object>> installing = seen.stream().filter(d -> "INSTALLING_PACKAGES".equals(d.get("stage"))).toList();
        List<Integer> percents = installing.stream().map(d -> ((Number) d.get("percent")).intValue()).toList();
        assertThat(percents).isSorted();
        assertThat(percents.get(percents.size() - 1)).as("climbs within the stage: %s", percents).isGreaterThan(percents.get(0))
                .isLessThan(90);
        // Three packages collected one by one while resolving, then 3 of 3 installed.
        assertThat(installing).anySatisfy(d -> assertThat(d).containsEntry("packagesDone", 2L).containsEntry("packagesTotal", -1L));
        assertThat(installing.get(installing.size() - 1)).containsEntry("packagesDone", 3L).containsEntry("packagesTotal", 3L);
        // The bytes pip reported: the large wheel's download counted up, then in whole.
        List<Long> bytes = installing.stream().filter(d -> d.containsKey("bytesDone")).map(d -> ((Number) d.get("bytesDone")).longValue())
                .toList();
        assertThat(bytes).isSorted();
        assertThat(bytes.get(bytes.size() - 1)).isGreaterThan(512 * 1024);
        assertThat(bytes).filteredOn(b -> b > 0 && b < 512 * 1024).isNotEmpty();
    }
}
