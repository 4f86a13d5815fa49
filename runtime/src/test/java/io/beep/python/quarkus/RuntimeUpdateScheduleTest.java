package io.beep.python.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.bootstrap.PythonBootstrapManager;
import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.provision.DownloadListener;
import io.beep.python.provision.ProvisionRequest;
import io.beep.python.provision.ProvisionedPython;
import io.beep.python.registry.PythonRuntimeInfo;
import io.beep.python.registry.PythonRuntimeStatus;
import io.beep.python.registry.PythonRuntimeType;
import io.beep.python.testing.LoopbackMavenRepository;
import io.beep.python.testing.PatchReleaseJars;
import io.beep.python.testing.TestPython;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code beep.python.runtime-updates=patch} as the application runs it: after readiness, on its own thread, once per
 * interpreter per start; the readiness path returns at once.
 */
class RuntimeUpdateScheduleTest {

    @TempDir
    Path home;

    @Test
    void afterReadinessANewerPatchIsProvisionedInTheBackgroundOncePerInterpreter() throws Exception {
        try (LoopbackMavenRepository repository = LoopbackMavenRepository.start()) {
            PatchReleaseJars.publish(repository, "3.13.6", PatchReleaseJars.relabelled("3.13.6"), List.of("3.13.6"));
            PythonBootstrapManager manager = new PythonBootstrapManager(home, new ProcessRunner());
            ProvisionRequest source = ProvisionRequest.maven("3.13", List.of(repository.uri()));
            // The local repository (read only) serves the 3.13.5 in use; 3.13.6 is only in the loopback repository.
            ProvisionedPython current = manager.provisioner().provision(source, DownloadListener.none(), Cancellation.none());
            PythonRuntimeInfo runtime = manager.registry().registerManagedRuntime("managed", PythonRuntimeType.EMBEDDED,
                    current.executable(), current.description());
            PythonRuntimeInfo system = manager.registry().interrogate(TestPython.executable());
            RuntimeUpdateSchedule schedule = new RuntimeUpdateSchedule(manager, Duration.ofDays(1));

            long begin = System.nanoTime();
            schedule.afterReady(runtime, source);
            schedule.afterReady(runtime, source); // a second environment on the same interpreter
            schedule.afterReady(system, source); // never updated
            Duration returnedAfter = Duration.ofNanos(System.nanoTime() - begin);

            Path pending = home.resolve("runtime-updates/3.13.json");
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!Files.exists(pending) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(returnedAfter).as("readiness never waits for the update").isLessThan(Duration.ofSeconds(2));
            assertThat(pending).exists();
            assertThat(Files.readString(pending)).contains("3.13.6");
            while (manager.registry().status().status() == PythonRuntimeStatus.UPDATING && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(manager.registry().status().status()).isEqualTo(PythonRuntimeStatus.READY);
            assertThat(repository.requests().stream().filter(r -> r.path().endsWith("maven-metadata.xml"))).hasSize(1);
        }
    }
}
