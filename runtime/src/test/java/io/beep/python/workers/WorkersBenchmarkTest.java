package io.beep.python.workers;

import io.beep.python.testing.TestPython;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints the workers' figures (docs/performance.md, "Workers"): round trip p50/p99 of a trivial call
 * with 1 and 2 workers, throughput with 1 and 2 workers, and a {@code python -c} spawn per call for
 * comparison, also for a module with imports. No timing asserts. Run with
 * {@code -Dtest=WorkersBenchmarkTest -Dsurefire.excludedGroups= -Dsurefire.groups=benchmark}.
 */
@Tag("benchmark")
class WorkersBenchmarkTest {

    private static final int LATENCY_CALLS = 20_000;
    private static final int CLIENTS = 8;
    private static final Duration THROUGHPUT_RUN = Duration.ofSeconds(3);
    private static final int SPAWNS = 20;

    @TempDir
    Path dir;

    @Test
    void workersAgainstSpawning() throws Exception {
        Files.writeString(dir.resolve("bench_mod.py"), "def echo(x):\n    return x\n");
        Files.writeString(dir.resolve("bench_heavy.py"), """
                import json, decimal, fractions, statistics, datetime
                def work(x):
                    return json.loads(json.dumps({"v": str(decimal.Decimal(x) / 7)}))
                """);
        List<String[]> rows = new ArrayList<>();
        double[] one = latency(1);
        double[] two = latency(2);
        double tput1 = throughput(1);
        double tput2 = throughput(2);
        double[] spawn = spawn(List.of("-c", "import json; print(json.dumps(1))"));
        double[] heavyWarm = heavyWarm();
        double[] heavySpawn = spawn(List.of("-c", "import bench_heavy; print(bench_heavy.work(3))"));
        rows.add(row("trivial call, 1 worker: round trip p50 / p99", us(one[0]) + " / " + us(one[1])));
        rows.add(row("trivial call, 2 workers: round trip p50 / p99", us(two[0]) + " / " + us(two[1])));
        rows.add(row("throughput, 1 worker (" + CLIENTS + " client threads)", String.format("%,.0f calls/s", tput1)));
        rows.add(row("throughput, 2 workers (" + CLIENTS + " client threads)", String.format("%,.0f calls/s", tput2)));
        rows.add(row("spawn `python -c` per call: p50 / p99", ms(spawn[0]) + " / " + ms(spawn[1])));
        rows.add(row("spawn / warm call (p50)", String.format("%,.0fx", spawn[0] / one[0])));
        rows.add(row("json+decimal module, warm call p50 / p99", us(heavyWarm[0]) + " / " + us(heavyWarm[1])));
        rows.add(row("json+decimal module, spawned per call p50 / p99", ms(heavySpawn[0]) + " / " + ms(heavySpawn[1])));
        rows.add(row("spawn / warm call, json+decimal module (p50)", String.format("%,.0fx", heavySpawn[0] / heavyWarm[0])));
        StringBuilder table = new StringBuilder("\n| Measure | Figure |\n|---|---|\n");
        rows.forEach(r -> table.append("| ").append(r[0]).append(" | ").append(r[1]).append(" |\n"));
        System.out.println(table);
    }

    private WorkerPool pool(int size) {
        WorkerPool pool = new WorkerPool("bench", TestPython.executable(), Map.of(), new WorkerOptions(size, List.of("bench_mod"),
                Duration.ofSeconds(30), OptionalInt.empty(), 1000, List.of(dir)));
        pool.start();
        return pool;
    }

    /** p50 and p99 in nanoseconds of sequential calls from one thread. */
    private double[] latency(int workers) {
        try (WorkerPool pool = pool(workers)) {
            for (int i = 0; i < 5_000; i++) {
                pool.call("bench_mod:echo", i);
            }
            long[] samples = new long[LATENCY_CALLS];
            for (int i = 0; i < LATENCY_CALLS; i++) {
                long start = System.nanoTime();
                pool.call("bench_mod:echo", i);
                samples[i] = System.nanoTime() - start;
            }
            return percentiles(samples);
        }
    }

    private double throughput(int workers) throws InterruptedException {
        try (WorkerPool pool = pool(workers)) {
            for (int i = 0; i < 5_000; i++) {
                pool.call("bench_mod:echo", i);
            }
            AtomicLong done = new AtomicLong();
            CountDownLatch finished = new CountDownLatch(CLIENTS);
            long end = System.nanoTime() + THROUGHPUT_RUN.toNanos();
            long start = System.nanoTime();
            for (int c = 0; c < CLIENTS; c++) {
                Thread client = new Thread(() -> {
                    long n = 0;
                    while (System.nanoTime() < end) {
                        pool.call("bench_mod:echo", n++);
                    }
                    done.addAndGet(n);
                    finished.countDown();
                });
                client.setDaemon(true);
                client.start();
            }
            finished.await(60, TimeUnit.SECONDS);
            return done.get() / ((System.nanoTime() - start) / 1e9);
        }
    }

    private double[] heavyWarm() {
        try (WorkerPool pool = new WorkerPool("bench", TestPython.executable(), Map.of(), new WorkerOptions(1,
                List.of("bench_heavy"), Duration.ofSeconds(30), OptionalInt.empty(), 1000, List.of(dir)))) {
            pool.start();
            for (int i = 0; i < 2_000; i++) {
                pool.call("bench_heavy:work", 3);
            }
            long[] samples = new long[5_000];
            for (int i = 0; i < samples.length; i++) {
                long start = System.nanoTime();
                pool.call("bench_heavy:work", 3);
                samples[i] = System.nanoTime() - start;
            }
            return percentiles(samples);
        }
    }

    private double[] spawn(List<String> arguments) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add(TestPython.executable().toString());
        argv.addAll(arguments);
        long[] samples = new long[SPAWNS];
        for (int i = -2; i < SPAWNS; i++) {
            long start = System.nanoTime();
            ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
            builder.environment().put("PYTHONPATH", dir.toString());
            Process process = builder.start();
            process.getInputStream().readAllBytes();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("spawn failed: " + argv);
            }
            if (i >= 0) {
                samples[i] = System.nanoTime() - start;
            }
        }
        return percentiles(samples);
    }

    private static double[] percentiles(long[] samples) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return new double[] {sorted[(int) (sorted.length * 0.50)], sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))]};
    }

    private static String[] row(String measure, String figure) {
        return new String[] {measure, figure};
    }

    private static String us(double nanos) {
        return String.format("%,.0f µs", nanos / 1_000);
    }

    private static String ms(double nanos) {
        return String.format("%,.1f ms", nanos / 1_000_000);
    }
}
