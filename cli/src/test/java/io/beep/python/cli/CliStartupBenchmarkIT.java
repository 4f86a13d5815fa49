package io.beep.python.cli;

import io.beep.python.testing.Benchmark;
import io.beep.python.testing.TestPython;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long {@code beep-python runtimes} takes on a warm registry, as a new process each time, next to
 * {@code uv python list} in the same environment: the plain {@code java -jar}, with C1 and the serial
 * GC, and the launcher script (those flags plus an AppCDS archive). Prints markdown rows for
 * docs/performance.md. Run with {@code ./mvnw -pl runtime,cli -Pbenchmarks verify -Dit.test=CliStartupBenchmarkIT}.
 */
@Tag("benchmark")
class CliStartupBenchmarkIT {

    static final int RUNS = Integer.getInteger("beep.benchmark.runs", 15);

    @Test
    void runtimesOnAWarmRegistryNextToUvPythonList() throws Exception {
        Path work = CliIT.workDir("benchmark");
        Path home = work.resolve("home");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> plain = List.of(java, "-jar", Cli.jar().toString(), "--home", home.toString(), "runtimes");
        List<String> tuned = List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", Cli.jar().toString(), "--home",
                home.toString(), "runtimes");
        List<String> launcher = List.of("sh", Cli.launcher().toString(), "--home", home.toString(), "runtimes");
        Files.deleteIfExists(Cli.launcher().resolveSibling("beep-python.jsa"));
        assertThat(run(plain)).as("the first run fills the registry").isZero();
        assertThat(run(launcher)).as("the launcher's first run writes the CDS archive").isZero();
        assertThat(Cli.launcher().resolveSibling("beep-python.jsa")).exists();

        Benchmark.Figure ours = Benchmark.measure(RUNS, () -> run(plain));
        Benchmark.Figure c1 = Benchmark.measure(RUNS, () -> run(tuned));
        Benchmark.Figure withCds = Benchmark.measure(RUNS, () -> run(launcher));
        Optional<Path> uv = uv(work);
        Benchmark.Figure uvList = uv.map(u -> {
            List<String> argv = List.of(u.toString(), "python", "list");
            run(argv);
            return Benchmark.measure(RUNS, () -> run(argv));
        }).orElse(null);
        if (uv.isEmpty()) {
            System.out.println("uv is not available (not on PATH, and 'pip install uv' failed): no comparison");
        }
        Benchmark.row("beep-python runtimes, java -jar (warm registry)", ours, "uv python list", uvList);
        Benchmark.row("beep-python runtimes, C1 + serial GC", c1, "uv python list", uvList);
        Benchmark.row("beep-python runtimes, launcher (C1 + AppCDS)", withCds, "uv python list", uvList);
    }

    /** Runs a command with this machine's environment, output discarded; returns its exit code. */
    private static int run(List<String> argv) {
        try {
            Process process = new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(argv + " did not finish");
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** uv from PATH, else installed with pip into a throwaway venv of the test CPython; empty when neither works. */
    private static Optional<Path> uv(Path work) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "uv");
            if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        Path venv = work.resolve("uv-venv");
        List<List<String>> steps = new ArrayList<>();
        steps.add(List.of(TestPython.executable().toString(), "-m", "venv", venv.toString()));
        steps.add(List.of(venv.resolve("bin/python").toString(), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "uv"));
        for (List<String> step : steps) {
            if (run(step) != 0) {
                System.out.println("uv unavailable: '" + String.join(" ", step) + "' failed");
                return Optional.empty();
            }
        }
        Path uv = venv.resolve("bin/uv");
        return Files.isExecutable(uv) ? Optional.of(uv) : Optional.empty();
    }
}
