package io.beep.python.inprocess;

import io.beep.python.ProcessResult;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.testing.Benchmark;
import io.beep.python.testing.RealPackageIndex;
import io.beep.python.testing.TestPython;
import io.beep.python.workers.WorkerMode;
import io.beep.python.workers.WorkerOptions;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In-process figures for docs/performance.md (issue 31): a trivial call's latency and rate from one thread,
 * and 1,000,000 doubles each way with numpy. Run with
 * {@code ./mvnw -o -pl runtime test -Pbenchmarks -Dtest=InProcessBenchmarkTest}. Shares environment
 * "inproc" with InProcessWorkersTest: one in-process environment per JVM.
 */
@Tag("benchmark")
class InProcessBenchmarkTest {

    @Test
    void inProcessCallsAndArrays() throws Exception {
        RealPackageIndex.assumeReachable();
        Path root = Files.createTempDirectory("beep-inprocess-bench");
        Path src = Files.createDirectories(root.resolve("src"));
        Files.writeString(src.resolve("bench.py"), """
                import numpy
                def add(a, b):
                    return a + b
                def make(n):
                    return numpy.arange(n, dtype=numpy.float64)
                def total(x):
                    return float(x.sum())
                """);
        ProcessResult venv = new ProcessRunner().run(ProcessSpec.of(TestPython.executable().toString(), "-m", "venv", "--without-pip",
                root.resolve("venv").toString()).withTimeout(Duration.ofMinutes(2)));
        assertTrue(venv.ok(), venv.stderr());
        Path numpy = root.resolve("numpy");
        ProcessResult pip = new ProcessRunner().run(ProcessSpec.of(TestPython.executable().toString(), "-m", "pip", "install",
                "--disable-pip-version-check", "--target", numpy.toString(), "numpy").withTimeout(Duration.ofMinutes(5)));
        assertTrue(pip.ok(), pip.stderr());
        WorkerOptions options = new WorkerOptions(1, List.of("bench"), Duration.ofSeconds(30), OptionalInt.empty(), 100, List.of(src, numpy))
                .withMode(WorkerMode.IN_PROCESS);
        try (InProcessWorkers workers = InProcessWorkers.open(InProcessWorkersTest.ENV, InProcessWorkersTest.bytedeco(),
                root.resolve("venv/lib/python3.13/site-packages"), options)) {
            workers.start();
            for (int i = 0; i < 300_000; i++) {
                workers.call("bench:add", i, 1);
            }
            int n = 1_000_000;
            long[] nanos = new long[n];
            long begin = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                workers.call("bench:add", i, 1);
                nanos[i] = System.nanoTime() - t;
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            long[] plain = new long[1];
            long plainBegin = System.nanoTime();
            for (int i = 0; i < n; i++) {
                plain[0] += workers.call("bench:add", i, 1).asLong();
            }
            double rate = n / ((System.nanoTime() - plainBegin) / 1e9);
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "| in-process trivial call (one thread) | p50 %.2f µs, p99 %.2f µs | %,.0f calls/s (untimed loop; timed loop %,.0f) |%n",
                    nanos[n / 2] / 1e3, nanos[n * 99 / 100] / 1e3, rate, n / seconds);

            double[] big = new double[n];
            Arrays.setAll(big, i -> i);
            Benchmark.Figure toJava = Benchmark.measure(21, null, () -> workers.call("bench:make", double[].class, n));
            Benchmark.Figure toNumpy = Benchmark.measure(21, null, () -> workers.call("bench:total", big));
            assertEquals((double) n * (n - 1) / 2, workers.call("bench:total", big).asDouble());
            assertEquals(n - 1.0, workers.call("bench:make", double[].class, n)[n - 1]);
            System.out.println("| 1,000,000 doubles numpy -> Java double[] (numpy making them included) | " + toJava + " |");
            System.out.println("| 1,000,000 doubles Java -> numpy sum | " + toNumpy + " |");
        }
    }
}
