package io.beep.python.provision;

import io.beep.python.ProcessResult;
import io.beep.python.PythonProcessException;
import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.testing.LoopbackMavenRepository;
import io.beep.python.testing.TestPython;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Other JVMs provisioning into the same home: racing, or killed half-way. */
class ProvisioningAcrossProcessesTest {

    @TempDir
    Path home;
    @TempDir
    Path emptyLocalRepository;
    @TempDir
    Path barrier;

    final ProcessRunner runner = new ProcessRunner();

    @Test
    void provisionsOnceWhenTwoProcessesRace() throws Exception {
        try (LoopbackMavenRepository repository = LoopbackMavenRepository.start()) {
            repository.publishFromLocalRepository("org.bytedeco", "cpython", TestPython.MAVEN_VERSION, TestPython.CLASSIFIER, "jar");
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), RacingProvisioner.class.getName(), home.toString(),
                    repository.uri().toString(), emptyLocalRepository.toString(), barrier.toString());

            CompletableFuture<ProcessResult> first = CompletableFuture.supplyAsync(() -> run(command));
            CompletableFuture<ProcessResult> second = CompletableFuture.supplyAsync(() -> run(command));
            // Both JVMs are up and waiting: release them together (a child that died early fails its join below).
            await().atMost(Duration.ofMinutes(2)).until(() -> readyChildren() == 2 || first.isDone() || second.isDone());
            Files.createFile(barrier.resolve(RacingProvisioner.GO));
            List<ProcessResult> results = List.of(first.join(), second.join());

            assertThat(results).allSatisfy(r -> assertThat(r.exitCode()).as(r.stderr()).isZero());
            assertThat(results).extracting(r -> line(r, "executable="))
                    .containsOnly(home.resolve("embedded/cpython-3.13.5-linux-x86_64/bin/python3").toString());
            assertThat(results).extracting(r -> line(r, "downloaded=")).containsExactlyInAnyOrder("true", "false");
            assertThat(repository.downloads(Fixtures.JAR_PATH)).isOne();
        }
    }

    @Test
    void aProcessKilledMidDownloadLeavesNothingHalfMadeAndTheNextRunResumes() throws Exception {
        try (LoopbackMavenRepository repository = LoopbackMavenRepository.start()) {
            repository.publishFromLocalRepository("org.bytedeco", "cpython", TestPython.MAVEN_VERSION, TestPython.CLASSIFIER, "jar");
            repository.stallAfter(Fixtures.JAR_PATH, 3_000_000, 120_000);
            Cancellation kill = new Cancellation();
            CompletableFuture<ProcessResult> child = CompletableFuture.supplyAsync(() -> runner.run(ProcessSpec.of(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                    RacingProvisioner.class.getName(), home.toString(), repository.uri().toString(), emptyLocalRepository.toString(), "-"))
                    .withTimeout(Duration.ofMinutes(3)), kill));
            Path partial = home.resolve("cache/partial").resolve(new Distribution.MavenArtifact("org.bytedeco", "cpython",
                    TestPython.MAVEN_VERSION, TestPython.CLASSIFIER, "jar").fileName() + ".part");
            await().atMost(Duration.ofMinutes(1)).until(() -> Files.exists(partial) && Files.size(partial) > 0);

            kill.cancel();
            assertThatThrownBy(child::join).hasCauseInstanceOf(PythonProcessException.class);

            assertThat(home.resolve("embedded/cpython-3.13.5-linux-x86_64")).doesNotExist();
            ProvisionedPython python = Fixtures.provisioner(home, runner, emptyLocalRepository)
                    .provision(Fixtures.maven("3.13", repository.uri()), DownloadListener.none(), Cancellation.none());
            assertThat(python.executable()).isExecutable();
            assertThat(repository.requests()).filteredOn(r -> r.path().equals(Fixtures.JAR_PATH))
                    .extracting(LoopbackMavenRepository.Request::status).containsExactly(200, 206);
        }
    }

    private long readyChildren() throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.list(barrier)) {
            return files.filter(f -> f.getFileName().toString().startsWith("ready-")).count();
        }
    }

    private ProcessResult run(List<String> command) {
        return runner.run(ProcessSpec.of(command).withTimeout(Duration.ofMinutes(3)));
    }

    private static String line(ProcessResult result, String prefix) {
        return result.stdout().lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst().orElse("");
    }
}
