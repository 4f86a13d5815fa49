package io.beep.python.provision;

import io.beep.python.ProcessResult;
import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.ProcessCounter;
import io.beep.python.process.ProcessSpec;
import io.beep.python.testing.Benchmark;
import io.beep.python.testing.LoopbackMavenRepository;
import io.beep.python.testing.TestPython;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cold provisioning (download from a loopback repository, verify, extract, run the new interpreter,
 * rename) against a plain {@code unzip} of the same jar; then a second provisioning of the same
 * version, which must be a stat and nothing else. Prints figures; asserts only on outcomes.
 */
@Tag("benchmark")
class ProvisioningBenchmarkTest {

    static final int COLD_RUNS = 7;

    @TempDir
    Path work;

    final ProcessCounter counter = new ProcessCounter();
    final ProcessRunner runner = counter.runner();

    @Test
    void coldProvisioningAgainstUnzipAndTheCacheHit() throws Exception {
        try (LoopbackMavenRepository repository = LoopbackMavenRepository.start()) {
            repository.publishFromLocalRepository("org.bytedeco", "cpython", TestPython.MAVEN_VERSION, TestPython.CLASSIFIER, "jar");
            Path emptyLocalRepository = Files.createDirectories(work.resolve("m2"));
            AtomicInteger run = new AtomicInteger();

            boolean unzipPresent = hasTool("unzip");
            Callable<?> loopbackCold = () -> Fixtures.provisioner(work.resolve("home-" + run.incrementAndGet()), runner, emptyLocalRepository)
                    .provision(Fixtures.maven("3.13", repository.uri()), DownloadListener.none(), Cancellation.none());
            Callable<?> localCold = () -> Fixtures.provisioner(work.resolve("home-" + run.incrementAndGet()), runner,
                    TestPython.localMavenRepository()).provision(Fixtures.maven("3.13"), DownloadListener.none(), Cancellation.none());
            Callable<?> unzipRun = () -> {
                ProcessResult result = runner.run(ProcessSpec.of("unzip", "-q", TestPython.jar().toString(), "-d",
                        work.resolve("unzip-" + run.incrementAndGet()).toString()));
                assertThat(result.exitCode()).as(result.stderr()).isZero();
                return result;
            };
            // One discarded run warms the JIT; then the three contenders take turns, so that the load of a
            // shared machine falls on all of them alike instead of on whichever ran during a spike.
            loopbackCold.call();
            double[][] millis = new double[3][COLD_RUNS];
            for (int i = 0; i < COLD_RUNS; i++) {
                millis[0][i] = time(loopbackCold);
                millis[1][i] = time(localCold);
                millis[2][i] = unzipPresent ? time(unzipRun) : 0;
            }
            Benchmark.Figure cold = Benchmark.Figure.of(millis[0]);
            Benchmark.Figure fromLocalRepository = Benchmark.Figure.of(millis[1]);
            Benchmark.Figure unzip = unzipPresent ? Benchmark.Figure.of(millis[2]) : null;
            Distribution distribution = new MavenCatalog().find(PythonVersion.parse("3.13.5"), Fixtures.linuxX86()).orElseThrow();
            Benchmark.Figure fetch = Benchmark.measure(COLD_RUNS, () -> Fixtures.provisioner(work.resolve("fetch-" + run.incrementAndGet()),
                    runner, emptyLocalRepository).fetcher(Fixtures.maven("3.13", repository.uri()))
                    .fetch(distribution, java.util.List.of(repository.uri()), DownloadListener.none(), Cancellation.none(), true));
            Benchmark.Figure curl = hasTool("curl") ? Benchmark.measure(COLD_RUNS, () -> runner.run(ProcessSpec.of("curl", "-sf", "-o",
                    work.resolve("curl-" + run.incrementAndGet()).toString(), repository.uri(Fixtures.JAR_PATH).toString()))) : null;
            Benchmark.row("cold provisioning, loopback repository (download+verify+extract+run+rename)", cold, "unzip", unzip);
            Benchmark.row("  of which: download + SHA-1/SHA-256 check into the cache", fetch, "curl", curl);
            Benchmark.row("cold provisioning, jar in local Maven repository", fromLocalRepository, "unzip", unzip);

            freshJvmRows(repository, emptyLocalRepository, run);

            Path home = work.resolve("home-1");
            PythonProvisioner provisioner = Fixtures.provisioner(home, runner, emptyLocalRepository);
            long processes = counter.count();
            int requests = repository.requests().size();
            Benchmark.Figure hit = Benchmark.measure(50, () -> provisioner.provision(Fixtures.maven("3.13", repository.uri()),
                    DownloadListener.none(), Cancellation.none()));
            Benchmark.row("second provisioning of the same version (cache hit)", hit.toString());
            Benchmark.row("processes spawned / HTTP requests on cache hits", (counter.count() - processes) + " / "
                    + (repository.requests().size() - requests));
            assertThat(counter.count()).isEqualTo(processes);
            assertThat(repository.requests()).hasSize(requests);
        }
    }

    /**
     * What an application's first start waits for: a new JVM per run provisions and registers (its classes loaded and
     * its code not yet compiled), taking turns with {@code unzip} of the same jar so that both meet the same load.
     */
    private void freshJvmRows(LoopbackMavenRepository repository, Path emptyLocalRepository, AtomicInteger run) {
        int runs = 5;
        double[][] millis = new double[5][runs];
        double[] processes = new double[runs];
        for (int i = 0; i < runs; i++) {
            String[] local = child(work.resolve("fresh-" + run.incrementAndGet()), TestPython.localMavenRepository().toString());
            millis[0][i] = Double.parseDouble(local[0]);
            millis[1][i] = Double.parseDouble(local[1]);
            processes[i] = Double.parseDouble(local[2]);
            String[] downloaded = child(work.resolve("fresh-" + run.incrementAndGet()), emptyLocalRepository.toString(),
                    repository.uri().toString());
            millis[2][i] = Double.parseDouble(downloaded[0]);
            millis[3][i] = Double.parseDouble(downloaded[1]);
            long begin = System.nanoTime();
            ProcessResult unzip = runner.run(ProcessSpec.of("unzip", "-q", TestPython.jar().toString(), "-d",
                    work.resolve("unzip-" + run.incrementAndGet()).toString()).withTimeout(java.time.Duration.ofMinutes(2)));
            millis[4][i] = (System.nanoTime() - begin) / 1e6;
            assertThat(unzip.exitCode()).as(unzip.stderr()).isZero();
        }
        Benchmark.Figure unzip = Benchmark.Figure.of(millis[4]);
        Benchmark.row("fresh JVM, empty home: provision from the local Maven repository (processes: "
                + (long) Arrays.stream(processes).max().orElse(-1) + ")", Benchmark.Figure.of(millis[0]), "unzip", unzip);
        Benchmark.row("  then register it (no process: the verifying probe's answer)", Benchmark.Figure.of(millis[1]).toString());
        Benchmark.row("fresh JVM, empty home: provision by download from a loopback repository", Benchmark.Figure.of(millis[2]), "unzip", unzip);
        Benchmark.row("  then register it", Benchmark.Figure.of(millis[3]).toString());
    }

    /** One {@link ProvisionMain} run: provision millis, register millis, processes started. */
    private String[] child(Path home, String... args) {
        java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", Benchmark.coreClassPath(),
                ProvisionMain.class.getName(), home.toString()));
        argv.addAll(Arrays.asList(args));
        ProcessResult result = runner.run(ProcessSpec.of(argv.toArray(String[]::new)).withTimeout(java.time.Duration.ofMinutes(5)));
        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        String line = result.stdout().lines().filter(l -> l.startsWith("provision=")).findFirst().orElseThrow();
        return Arrays.stream(line.split(" ")).map(part -> part.substring(part.indexOf('=') + 1)).toArray(String[]::new);
    }

    private static double time(Callable<?> work) throws Exception {
        long begin = System.nanoTime();
        work.call();
        return (System.nanoTime() - begin) / 1e6;
    }


    private boolean hasTool(String tool) {
        try {
            return runner.run(ProcessSpec.of(tool, tool.equals("unzip") ? "-v" : "--version")).exitCode() == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
