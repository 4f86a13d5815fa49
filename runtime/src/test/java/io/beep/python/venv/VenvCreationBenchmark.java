package io.beep.python.venv;

import io.beep.python.ProcessResult;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.registry.PythonRuntimeInfo;
import io.beep.python.registry.PythonRuntimeRegistry;
import io.beep.python.testing.TestPython;
import io.beep.python.testing.Benchmark;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long a new venv takes: ours (written in Java, pip linked from the seed cache) against
 * {@code python -m venv} with and without pip, and {@code uv venv} when uv can be installed.
 * Run with {@code ./mvnw -B -pl runtime test -Pbenchmarks -Dtest=VenvCreationBenchmark}.
 */
@Tag("benchmark")
class VenvCreationBenchmark {

    private static final int RUNS = 31;
    private static final int TOOL_RUNS = 5;

    private final ProcessRunner runner = new ProcessRunner();
    private final AtomicInteger counter = new AtomicInteger();

    @TempDir
    Path temp;

    @Test
    void venvCreation() {
        PythonRuntimeInfo base = new PythonRuntimeRegistry(temp.resolve("home"), runner).interrogate(TestPython.executable());
        String python = base.executable().toString();

        VirtualEnvironments cold = new VirtualEnvironments(runner, temp.resolve("cold-home"));
        Benchmark.Figure coldFigure = Benchmark.measure(1, () -> cold.create(base, next()));

        // A fresh facade per run: the seed cache is on disk, as it is when a service restarts.
        Path home = temp.resolve("home");
        new VirtualEnvironments(runner, home).create(base, next());
        Benchmark.Figure ours = Benchmark.measure(RUNS, () -> new VirtualEnvironments(runner, home).create(base, next()));
        // CPU time (user + system) of the creating thread: what the work costs when other processes share the cores.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] cpu = new double[RUNS];
        double[] user = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long begin = threads.getCurrentThreadCpuTime();
            long beginUser = threads.getCurrentThreadUserTime();
            new VirtualEnvironments(runner, home).create(base, next());
            cpu[i] = (threads.getCurrentThreadCpuTime() - begin) / 1e6;
            user[i] = (threads.getCurrentThreadUserTime() - beginUser) / 1e6;
        }
        java.util.Arrays.sort(cpu);
        double userMean = java.util.Arrays.stream(user).sum() / RUNS; // user time has 10 ms ticks on Linux: only a mean says anything
        VirtualEnvironments warm = new VirtualEnvironments(runner, home);
        Benchmark.Figure oursInProcess = Benchmark.measure(RUNS, () -> warm.create(base, next()));

        Benchmark.Figure venvWithPip = Benchmark.measure(TOOL_RUNS, () -> run(python, "-m", "venv", next().toString()));
        Benchmark.Figure venvWithoutPip = Benchmark.measure(TOOL_RUNS, () -> run(python, "-m", "venv", "--without-pip", next().toString()));

        Benchmark.row("new venv with pip (seed cache on disk, new facade)", ours, "python -m venv", venvWithPip);
        Benchmark.row("new venv with pip (same facade, manifest in memory)", oursInProcess, "python -m venv", venvWithPip);
        Benchmark.row("new venv with pip: CPU time of the creating thread", String.format(java.util.Locale.ROOT,
                "%.1f ms (%.1f-%.1f, n=%d); user time %.1f ms on average, the rest in the kernel", cpu[RUNS / 2], cpu[0], cpu[RUNS - 1],
                RUNS, userMean));
        Benchmark.row("new venv with pip vs a venv without pip", ours, "python -m venv --without-pip", venvWithoutPip);
        Benchmark.row("first venv on a cold seed cache (unpack + compile pip once)", coldFigure, "python -m venv", venvWithPip);

        Path uv = installUv(python);
        if (uv == null) {
            Benchmark.row("new venv with pip", ours, "uv venv", null);
        } else {
            Benchmark.Figure uvVenv = Benchmark.measure(TOOL_RUNS, () -> run(uv.toString(), "venv", "-q", "--python", python, next().toString()));
            Benchmark.row("new venv with pip vs uv venv (no pip)", ours, "uv venv", uvVenv);
            Benchmark.Figure uvSeed = Benchmark.measure(TOOL_RUNS,
                    () -> run(uv.toString(), "venv", "-q", "--seed", "--python", python, next().toString()));
            Benchmark.row("new venv with pip vs uv venv --seed (pip from uv's cache)", ours, "uv venv --seed", uvSeed);
        }
        assertThat(ours.medianMs()).isPositive();
    }

    private Path installUv(String python) {
        Path tools = temp.resolve("uv-tools");
        try {
            run(python, "-m", "venv", tools.toString());
            ProcessResult result = runner.run(ProcessSpec.of(tools.resolve("bin/python").toString(), "-m", "pip", "install", "-q", "uv")
                    .withTimeout(Duration.ofMinutes(3)));
            if (!result.ok()) {
                System.out.println("Skipping uv rows: pip install uv failed: " + result.stderr().strip());
                return null;
            }
            return tools.resolve("bin/uv");
        } catch (RuntimeException e) {
            System.out.println("Skipping uv rows: " + e.getMessage());
            return null;
        }
    }

    private Path next() {
        return temp.resolve("venvs").resolve("env-" + counter.incrementAndGet());
    }

    private ProcessResult run(String... argv) {
        ProcessResult result = runner.run(ProcessSpec.of(argv).withEnvironment("UV_CACHE_DIR", temp.resolve("uv-cache").toString()));
        if (!result.ok()) {
            throw new IllegalStateException(String.join(" ", argv) + " failed: " + result.stderr());
        }
        return result;
    }
}
