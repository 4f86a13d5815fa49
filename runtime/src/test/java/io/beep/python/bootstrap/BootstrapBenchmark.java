package io.beep.python.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.ProcessCounter;
import io.beep.python.process.ProcessSpec;
import io.beep.python.testing.Benchmark;
import io.beep.python.testing.TestPython;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** What the bootstrap costs a service: the warm start on the startup path, and many environments at once. */
@Tag("benchmark")
class BootstrapBenchmark {

    @TempDir
    Path home;

    private final ProcessCounter processes = new ProcessCounter();
    private final ProcessRunner runner = processes.runner();

    @Test
    void warmStart() {
        BootstrapOptions options = BootstrapOptions.builder().environmentName("warm").interpreter(TestPython.executable()).build();
        assertThat(new PythonBootstrapManager(home, runner).ensurePythonEnvironment(options).success()).isTrue();

        long before = processes.count();
        Benchmark.Figure hot = Benchmark.measure(20, () -> new PythonBootstrapManager(home, runner).ensurePythonEnvironment(options));
        Benchmark.row("warm bootstrap, JVM already warm (processes started: " + (processes.count() - before) + ")", hot.toString());

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        List<Double> inJvm = new ArrayList<>();
        Benchmark.Figure freshJvm = Benchmark.measure(7, () -> {
            String out = runner.run(ProcessSpec.of(java, "-cp", classPath, BootstrapMain.class.getName(), home.toString(), "warm",
                    TestPython.executable().toString())).orThrow("java").stdout();
            assertThat(out).contains("warm=true success=true");
            inJvm.add(Double.parseDouble(out.substring(out.indexOf("millis=") + 7).strip()));
            return out;
        });
        Benchmark.Figure jvmOnly = Benchmark.measure(7, () -> runner.run(ProcessSpec.of(java, "-cp", classPath, NoopMain.class.getName())));
        Benchmark.row("fresh JVM + warm bootstrap (whole process)", freshJvm, "fresh JVM doing nothing", jvmOnly);
        double[] sorted = inJvm.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        Benchmark.row("warm bootstrap inside a fresh JVM (added to readiness; target <= 50 ms)",
                String.format(Locale.ROOT, "%.1f ms (%.1f-%.1f, n=%d)", sorted[sorted.length / 2], sorted[0],
                        sorted[sorted.length - 1], sorted.length));
    }

    @Test
    void eightConcurrentBootstrapsOnOneHome() {
        AtomicInteger names = new AtomicInteger();
        Benchmark.Figure one = Benchmark.measure(3, () -> bootstrapAll(1, names));
        Benchmark.Figure eight = Benchmark.measure(3, () -> bootstrapAll(8, names));
        Benchmark.row("8 cold bootstraps at once on one home (4 threads)", eight, "1 cold bootstrap", one);
    }

    private Object bootstrapAll(int count, AtomicInteger names) {
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            PythonBootstrapManager manager = new PythonBootstrapManager(home, runner);
            List<ManagedPythonEnvironment> environments = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                environments.add(new ManagedPythonEnvironment(BootstrapOptions.builder().environmentName("env-" + names.incrementAndGet())
                        .interpreter(TestPython.executable()).build(), manager, executor));
            }
            environments.forEach(ManagedPythonEnvironment::start);
            environments.forEach(e -> e.awaitReady(Duration.ofMinutes(5)));
            return environments;
        } finally {
            executor.shutdownNow();
        }
    }
}
