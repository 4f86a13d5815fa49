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
        Path root = TestPython.buildScratch("beep-inprocess-bench");
        Path src = Files.createDirectories(root.resolve("src"));
        Files.writeString(src.resolve("bench.py"), """
                import numpy
                def add(a, b):
                    return a + b
                def make(n):
                    return numpy.arange(n, dtype=numpy.float64)
                def total(x):
                    return float(x.sum())
                _cache = {}
                def cached(n):
                    a = _cache.get(n)
                    if a is None:
                        a = _cache[n] = numpy.arange(n, dtype=numpy.float64)
                    return a
                def make_only(n):
                    numpy.arange(n, dtype=numpy.float64)
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

            // Where numpy -> Java goes (issue 31 finish), in turns: numpy making the array alone, the copy into a new
            // double[] and into the caller's (callInto) of an array made once, and both ways of the whole call.
            double[] into = new double[n];
            assertEquals(n, workers.callInto("bench:make", into, n));
            assertEquals(n - 1.0, into[n - 1]);
            String[] names = {"numpy makes 1M doubles, returns None (no copy)", "cached numpy array -> new double[] (call)",
                    "cached numpy array -> caller's double[] (callInto)", "numpy makes them -> new double[] (call)",
                    "numpy makes them -> caller's double[] (callInto)"};
            List<java.util.concurrent.Callable<?>> works = List.of(() -> workers.call("bench:make_only", n),
                    () -> workers.call("bench:cached", double[].class, n), () -> workers.callInto("bench:cached", into, n),
                    () -> workers.call("bench:make", double[].class, n), () -> workers.callInto("bench:make", into, n));
            Benchmark.Figure[] figures = turns(41, works);
            for (int i = 0; i < names.length; i++) {
                System.out.println("| in-process, 1,000,000 doubles: " + names[i] + " | " + figures[i] + " |");
            }
        }
    }

    /** Each work once per round, in turns, after 3 warm-up rounds; a figure per work. */
    static Benchmark.Figure[] turns(int rounds, List<java.util.concurrent.Callable<?>> works) throws Exception {
        double[][] millis = new double[works.size()][rounds];
        for (int round = -3; round < rounds; round++) {
            for (int w = 0; w < works.size(); w++) {
                long begin = System.nanoTime();
                works.get(w).call();
                if (round >= 0) {
                    millis[w][round] = (System.nanoTime() - begin) / 1e6;
                }
            }
        }
        Benchmark.Figure[] figures = new Benchmark.Figure[works.size()];
        for (int w = 0; w < works.size(); w++) {
            figures[w] = Benchmark.Figure.of(millis[w]);
        }
        return figures;
    }
}
