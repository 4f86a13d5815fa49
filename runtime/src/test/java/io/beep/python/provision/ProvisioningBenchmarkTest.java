package io.beep.python.provision;

import io.beep.python.ProcessResult;
import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.testing.Benchmark;
import io.beep.python.testing.LoopbackMavenRepository;
import io.beep.python.testing.TestPython;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cold provisioning (download from a loopback repository, verify, extract, run the new interpreter,
 * rename) against a plain {@code unzip} of the same jar; then a second provisioning of the same
 * version, which must be a stat and nothing else. Prints figures; asserts only on outcomes.
 */
@Tag("benchmark")
class ProvisioningBenchmarkTest {

    static final int COLD_RUNS = 5;

    @TempDir
    Path work;

    final ProcessRunner runner = new ProcessRunner();

    @Test
    void coldProvisioningAgainstUnzipAndTheCacheHit() throws Exception {
        try (LoopbackMavenRepository repository = LoopbackMavenRepository.start()) {
            repository.publishFromLocalRepository("org.bytedeco", "cpython", TestPython.MAVEN_VERSION, TestPython.CLASSIFIER, "jar");
            Path emptyLocalRepository = Files.createDirectories(work.resolve("m2"));
            AtomicInteger run = new AtomicInteger();

            Benchmark.Figure cold = Benchmark.measure(COLD_RUNS, () -> {
                Path home = work.resolve("home-" + run.incrementAndGet());
                return Fixtures.provisioner(home, runner, emptyLocalRepository)
                        .provision(Fixtures.maven("3.13", repository.uri()), DownloadListener.none(), Cancellation.none());
            });
            Benchmark.Figure fromLocalRepository = Benchmark.measure(COLD_RUNS, () -> {
                Path home = work.resolve("home-" + run.incrementAndGet());
                return Fixtures.provisioner(home, runner, TestPython.localMavenRepository())
                        .provision(Fixtures.maven("3.13"), DownloadListener.none(), Cancellation.none());
            });
            Benchmark.Figure unzip = hasUnzip() ? Benchmark.measure(COLD_RUNS, () -> {
                ProcessResult result = runner.run(ProcessSpec.of("unzip", "-q", TestPython.jar().toString(), "-d",
                        work.resolve("unzip-" + run.incrementAndGet()).toString()));
                assertThat(result.exitCode()).as(result.stderr()).isZero();
                return result;
            }) : null;
            Benchmark.row("cold provisioning, loopback repository (download+verify+extract+run+rename)", cold, "unzip", unzip);
            Benchmark.row("cold provisioning, jar in local Maven repository", fromLocalRepository, "unzip", unzip);

            Path home = work.resolve("home-1");
            PythonProvisioner provisioner = Fixtures.provisioner(home, runner, emptyLocalRepository);
            long processes = runner.startedProcesses();
            int requests = repository.requests().size();
            Benchmark.Figure hit = Benchmark.measure(50, () -> provisioner.provision(Fixtures.maven("3.13", repository.uri()),
                    DownloadListener.none(), Cancellation.none()));
            Benchmark.row("second provisioning of the same version (cache hit)", hit.toString());
            Benchmark.row("processes spawned / HTTP requests on cache hits", (runner.startedProcesses() - processes) + " / "
                    + (repository.requests().size() - requests));
            assertThat(runner.startedProcesses()).isEqualTo(processes);
            assertThat(repository.requests()).hasSize(requests);
        }
    }

    private boolean hasUnzip() {
        try {
            return runner.run(ProcessSpec.of("unzip", "-v")).exitCode() == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
