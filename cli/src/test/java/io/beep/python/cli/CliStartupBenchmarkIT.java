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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
        Optional<Path> uv = uv(work);
        if (uv.isEmpty()) {
            System.out.println("uv is not available (not on PATH, and 'pip install uv' failed): no comparison");
        }
        // The machine's own environment (PATH with pyenv shims here), then only /usr/bin:/bin: the same for both tools.
        for (String path : List.of(System.getenv().getOrDefault("PATH", ""), "/usr/bin:/bin")) {
            String label = path.equals("/usr/bin:/bin") ? "PATH=/usr/bin:/bin" : "this machine's PATH";
            assertThat(run(plain, path).exitCode()).as("the first run fills the registry").isZero();
            assertThat(run(launcher, path).exitCode()).as("the launcher's first run writes the CDS archive").isZero();
            assertThat(Cli.launcher().resolveSibling("beep-python.jsa")).exists();
            Timed uvList = uv.map(u -> {
                List<String> argv = List.of(u.toString(), "python", "list");
                run(argv, path);
                return measure(argv, path);
            }).orElse(null);
            for (var variant : List.of(Map.entry("java -jar", plain), Map.entry("C1 + serial GC", tuned),
                    Map.entry("launcher (C1 + serial GC + AppCDS)", launcher))) {
                Timed ours = measure(variant.getValue(), path);
                Benchmark.row("beep-python runtimes, " + variant.getKey() + ", warm registry, " + label + ": wall", ours.wall(),
                        "uv python list", uvList == null ? null : uvList.wall());
                if (ours.cpu() != null) {
                    Benchmark.row("same: CPU time (user+sys)", ours.cpu(), "uv python list", uvList == null ? null : uvList.cpu());
                }
            }
        }
    }

    /** Wall time, and CPU time (user + sys, from /usr/bin/time, null without it), over {@link #RUNS} runs. */
    record Timed(Benchmark.Figure wall, Benchmark.Figure cpu) {
    }

    private static Timed measure(List<String> argv, String path) {
        boolean time = Files.isExecutable(Path.of("/usr/bin/time"));
        double[] wall = new double[RUNS];
        double[] cpu = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            Result result = run(argv, path);
            assertThat(result.exitCode()).as(String.join(" ", argv)).isZero();
            wall[i] = result.wallMs();
            cpu[i] = result.cpuMs();
        }
        return new Timed(figure(wall), time ? figure(cpu) : null);
    }

    private static Benchmark.Figure figure(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Benchmark.Figure(median, sorted[0], sorted[n - 1], n);
    }

    record Result(int exitCode, double wallMs, double cpuMs) {
    }

    /** Runs a command with this machine's environment but {@code path}, output discarded, under /usr/bin/time when there. */
    private static Result run(List<String> argv, String path) {
        try {
            Path times = Files.createTempFile("beep-bench-", ".time");
            List<String> command = new ArrayList<>();
            boolean time = Files.isExecutable(Path.of("/usr/bin/time"));
            if (time) {
                command.addAll(List.of("/usr/bin/time", "-f", "%U %S", "-o", times.toString()));
            }
            command.addAll(argv);
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("PATH", path);
            long begin = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(argv + " did not finish");
            }
            double wall = (System.nanoTime() - begin) / 1e6;
            double cpu = 0;
            if (time) {
                String[] parts = Files.readString(times).strip().split("\\s+");
                cpu = (Double.parseDouble(parts[parts.length - 2]) + Double.parseDouble(parts[parts.length - 1])) * 1000;
            }
            Files.deleteIfExists(times);
            return new Result(process.exitValue(), wall, cpu);
        } catch (IOException | RuntimeException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static int run(List<String> argv) {
        return run(argv, System.getenv().getOrDefault("PATH", "")).exitCode();
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
