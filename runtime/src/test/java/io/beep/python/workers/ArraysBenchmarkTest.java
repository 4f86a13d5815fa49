package io.beep.python.workers;

import io.beep.python.testing.Benchmark.Figure;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prints the binary data plane's figures in process mode (docs/performance.md, "Binary data plane, process mode
 * (issue 31)"): n doubles from a numpy array to a Java {@code double[]}, and from a Java {@code double[]} to a numpy
 * sum, as raw segments and, in the same run taking turns, as JSON lists (how every array travelled before). Needs
 * numpy ({@link NumpyVenv}); checks the values, asserts no timing. Run with
 * {@code -Dtest=ArraysBenchmarkTest -Dsurefire.excludedGroups= -Dsurefire.groups=benchmark}.
 */
@Tag("benchmark")
class ArraysBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void rawSegmentsAgainstJsonLists() throws Exception {
        Path python = NumpyVenv.python();
        Files.writeString(dir.resolve("np_bench.py"), """
                import numpy as np
                _cache = {}

                def _array(n):
                    if n not in _cache:
                        _cache[n] = np.arange(n, dtype=np.float64) * 0.5
                    return _cache[n]

                def make(n):
                    return _array(n)

                def make_list(n):
                    return _array(n).tolist()

                def total(a):
                    return float(np.sum(a))

                def ignore(a):
                    return None

                def total_json(holder):
                    return float(np.sum(np.asarray(holder["v"], dtype=np.float64)))
                """);
        StringBuilder table = new StringBuilder("\n| what (process mode, 1 worker) | raw segments | JSON list | JSON / raw |\n|---|---|---|---|\n");
        try (WorkerPool pool = new WorkerPool("bench", python, Map.of(), new WorkerOptions(1, List.of("np_bench"),
                Duration.ofSeconds(120), OptionalInt.empty(), 10, List.of(dir)))) {
            pool.start();
            for (int n : new int[] {100_000, 1_000_000}) {
                int runs = n >= 1_000_000 ? 15 : 40;
                double[] expected = pool.call("np_bench:make_list", double[].class, n);
                // Arrays.equals: AssertJ's containsExactly compares element lists quadratically.
                assertThat(Arrays.equals(pool.call("np_bench:make", double[].class, n), expected)).as("same values as JSON").isTrue();
                double sum = pool.call("np_bench:total", (Object) expected).doubleValue();
                assertThat(pool.call("np_bench:total_json", Map.of("v", expected)).doubleValue()).isEqualTo(sum);
                double[][] toJava = turns(runs, () -> pool.call("np_bench:make", double[].class, n),
                        () -> pool.call("np_bench:make_list", double[].class, n));
                double[][] toPython = turns(runs, () -> pool.call("np_bench:total", (Object) expected),
                        () -> pool.call("np_bench:total_json", Map.of("v", expected)));
                table.append(row(String.format("%,d doubles numpy -> Java double[]", n), toJava));
                table.append(row(String.format("%,d doubles Java double[] -> numpy sum", n), toPython));
            }
            // Where the ms of 1,000,000 doubles go (issue 31 finish), raw calls only, in turns: the transfer alone (Python
            // ignores the array), the numpy sum on top, and numpy -> Java into a new double[] or the caller's (callInto).
            int n = 1_000_000;
            double[] values = new double[n];
            Arrays.setAll(values, i -> i * 0.5);
            double[] into = new double[n];
            assertThat(pool.callInto("np_bench:make", into, n)).isEqualTo(n);
            assertThat(into[n - 1]).isEqualTo((n - 1) * 0.5);
            String[] names = {"Java double[] -> Python, ignored (the transfer alone)", "Java double[] -> numpy sum",
                    "numpy -> new Java double[] (call)", "numpy -> caller's double[] (callInto)"};
            List<Runnable> works = List.of(() -> pool.call("np_bench:ignore", (Object) values), () -> pool.call("np_bench:total", (Object) values),
                    () -> pool.call("np_bench:make", double[].class, n), () -> pool.callInto("np_bench:make", into, n));
            double[][] millis = new double[works.size()][25];
            for (int round = -3; round < 25; round++) {
                for (int w = 0; w < works.size(); w++) {
                    double took = time(works.get(w));
                    if (round >= 0) {
                        millis[w][round] = took;
                    }
                }
            }
            table.append("\n| 1,000,000 doubles, raw only, in turns | median (min-max) |\n|---|---|\n");
            for (int w = 0; w < works.size(); w++) {
                table.append("| ").append(names[w]).append(" | ").append(Figure.of(millis[w])).append(" |\n");
            }
        }
        System.out.println(table);
    }

    /** Median ms of {@code a} and {@code b}, run in turns (a, b, a, b ...) after a warm-up of each. */
    private static double[][] turns(int runs, Runnable a, Runnable b) {
        for (int i = 0; i < 3; i++) {
            a.run();
            b.run();
        }
        double[] first = new double[runs];
        double[] second = new double[runs];
        for (int i = 0; i < runs; i++) {
            first[i] = time(a);
            second[i] = time(b);
        }
        return new double[][] {first, second};
    }

    private static double time(Runnable work) {
        long begin = System.nanoTime();
        work.run();
        return (System.nanoTime() - begin) / 1e6;
    }

    private static String row(String what, double[][] figures) {
        Figure raw = Figure.of(figures[0]);
        Figure json = Figure.of(figures[1]);
        return "| " + what + " | " + raw + " | " + json + " | " + String.format("%.0fx", json.medianMs() / raw.medianMs()) + " |\n";
    }
}
