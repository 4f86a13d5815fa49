package io.beep.python.testing;

import io.beep.python.fs.FileTrees;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Measures a piece of work several times and prints markdown rows: our figure, the plain tool's
 * figure from the same run, and the ratio. Benchmarks are JUnit tests tagged {@code benchmark}:
 * excluded from the normal suite, run with {@code ./mvnw -pl runtime test -Pbenchmarks}.
 */
public final class Benchmark {

    /** Median and spread (min-max) of several runs, in milliseconds. */
    public record Figure(double medianMs, double minMs, double maxMs, int runs) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.1f ms (%.1f-%.1f, n=%d)", medianMs, minMs, maxMs, runs);
        }

        /** The figure of measured runs, in milliseconds, in any order. */
        public static Figure of(double... millis) {
            double[] v = millis.clone();
            Arrays.sort(v);
            int n = v.length;
            double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
            return new Figure(median, v[0], v[n - 1], n);
        }
    }

    private static final List<String> rows = new ArrayList<>();

    private Benchmark() {
    }

    /** Runs {@code setup} then {@code work} {@code runs} times, timing only {@code work}. */
    public static Figure measure(int runs, Callable<?> setup, Callable<?> work) {
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            try {
                if (setup != null) {
                    setup.call();
                }
                long begin = System.nanoTime();
                work.call();
                millis[i] = Duration.ofNanos(System.nanoTime() - begin).toNanos() / 1e6;
            } catch (Exception e) {
                throw new IllegalStateException("Benchmark run failed", e);
            }
        }
        return Figure.of(millis);
    }

    public static Figure measure(int runs, Callable<?> work) {
        return measure(runs, null, work);
    }

    /**
     * The test class path cut to what the core needs (class directories, Commons Compress and IO, Jackson, zstd-jni, xz),
     * for a fresh JVM that should start as an application's does. With the whole test class path (135 jars: Quarkus,
     * JUnit, ...) every class the JDK does not hold is looked for jar by jar, which cost the provisioning run
     * 160-200 ms and made the fresh-JVM rows about 1.5x slower than the same main started by hand.
     */
    public static String coreClassPath() {
        String full = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(full.split(java.io.File.pathSeparator))
                .filter(entry -> !entry.endsWith(".jar") || CORE_JARS.matcher(Path.of(entry).getFileName().toString()).lookingAt())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    private static final java.util.regex.Pattern CORE_JARS = java.util.regex.Pattern.compile(
            "commons-compress-|commons-io-|commons-lang3-|commons-codec-|jackson-|zstd-jni-|xz-");

    /** {@code python -m venv} (with pip, as a user runs it) of {@code python}, {@code runs} times, each into a new directory under {@code dir}. */
    public static Figure pythonMinusMVenv(ProcessRunner runner, Path python, Path dir, int runs) {
        int[] n = {0};
        return measure(runs, () -> runner.run(ProcessSpec.of(python.toString(), "-m", "venv", dir.resolve("stdlib-venv-" + n[0]++).toString())
                .withTimeout(Duration.ofMinutes(2))).orThrow("python -m venv"));
    }

    /** {@code unzip} of the test interpreter's jar into {@code target}, emptied before each of {@code runs} runs. */
    public static Figure unzipOfTestPython(ProcessRunner runner, Path target, int runs) {
        return measure(runs, () -> {
            FileTrees.delete(target);
            return target;
        }, () -> runner.run(ProcessSpec.of("unzip", "-q", "-o", TestPython.jar().toString(), "-d", target.toString())
                .withTimeout(Duration.ofMinutes(2))).orThrow("unzip"));
    }

    /** The median of each key over several runs' figures, in the first run's key order: "INITIALIZING 31, CHECKING_RUNTIME 3". */
    public static String medianPerKey(List<Map<String, Double>> runs) {
        Map<String, List<Double>> byKey = new LinkedHashMap<>();
        runs.forEach(run -> run.forEach((key, ms) -> byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(ms)));
        List<String> parts = new ArrayList<>();
        byKey.forEach((key, values) -> parts.add(String.format(Locale.ROOT, "%s %.0f", key,
                Figure.of(values.stream().mapToDouble(Double::doubleValue).toArray()).medianMs())));
        return String.join(", ", parts);
    }

    /** Prints (and remembers) one row comparing ours with a plain tool; {@code plain} may be null when the tool is absent. */
    public static synchronized void row(String what, Figure ours, String plainTool, Figure plain) {
        String ratio = plain == null ? "n/a" : String.format(Locale.ROOT, "%.2fx", ours.medianMs() / plain.medianMs());
        String line = "| " + what + " | " + ours + " | " + (plain == null ? plainTool + " absent" : plainTool + ": " + plain)
                + " | " + ratio + " |";
        if (rows.isEmpty()) {
            System.out.println("| benchmark | ours | plain tool | ours / plain |");
            System.out.println("|---|---|---|---|");
        }
        rows.add(line);
        System.out.println(line);
    }

    /** Prints a row with no plain-tool comparison (e.g. a count of spawned processes). */
    public static synchronized void row(String what, String value) {
        if (rows.isEmpty()) {
            System.out.println("| benchmark | ours | plain tool | ours / plain |");
            System.out.println("|---|---|---|---|");
        }
        String line = "| " + what + " | " + value + " | | |";
        rows.add(line);
        System.out.println(line);
    }
}
