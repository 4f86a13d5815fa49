package io.beep.python.bootstrap;

import io.beep.python.packages.InstallerKind;
import io.beep.python.packages.PackageSources;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.testing.Benchmark;
import io.beep.python.testing.LoopbackPackageIndex;
import io.beep.python.testing.TestPython;
import io.beep.python.testing.WheelBuilder;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a pod waits for with a baked environment: a new JVM that bootstraps it on an empty home
 * (the bare venv, the .pth, the marker; no process), beside {@code python -m venv --without-pip}
 * of the same interpreter, the least a plain venv costs. Run with
 * {@code ./mvnw -B -pl runtime test -Pbenchmarks -Dtest=BakedStartBenchmarkTest}.
 */
@Tag("benchmark")
class BakedStartBenchmarkTest {

    private static final int RUNS = 9;

    @TempDir
    Path dir;

    @Test
    void aBakedEnvironmentInAFreshJvmOnAnEmptyHome() throws Exception {
        Path root = dir.resolve("app/python");
        try (LoopbackPackageIndex index = LoopbackPackageIndex.start()) {
            index.add(WheelBuilder.wheel("alpha", "1.0"));
            new EnvironmentBaker(dir.resolve("build-home"), new ProcessRunner(), FailureHints.NONE).bake(BootstrapOptions.builder()
                    .environmentName("svc").pythonVersion(TestPython.VERSION).packages(List.of("alpha")).installer(InstallerKind.PIP)
                    .sources(new PackageSources(Optional.of(index.url()), List.of(), List.of(), false)).build(), root, p -> {
                    });
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        AtomicInteger run = new AtomicInteger();
        String[] last = {""};
        List<Double> calls = new java.util.ArrayList<>();
        Benchmark.Figure ours = Benchmark.measure(RUNS, () -> {
            var result = new ProcessRunner().run(ProcessSpec.of(java, "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    BakedStartMain.class.getName(), dir.resolve("home-" + run.incrementAndGet()).toString(), root.toString(), TestPython.VERSION,
                    "alpha").withTimeout(Duration.ofMinutes(1)));
            assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
            last[0] = result.stdout() + result.stderr();
            result.stdout().lines().filter(l -> l.startsWith("millis=")).forEach(l -> calls.add(Double.parseDouble(l.substring(7))));
            return null;
        });
        Path python = root.resolve("interpreters").resolve(Files.list(root.resolve("interpreters")).findFirst().orElseThrow().getFileName())
                .resolve("bin/python3");
        Benchmark.Figure plain = Benchmark.measure(RUNS, () -> {
            var result = new ProcessRunner().run(ProcessSpec.of(python.toString(), "-m", "venv", "--without-pip",
                    dir.resolve("plain-" + run.incrementAndGet()).toString()));
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            return null;
        });
        System.out.println("last run's stages (ms):\n" + last[0]);
        Benchmark.row("baked environment ready, new JVM, empty home (JVM start included)", ours, "python -m venv --without-pip", plain);
        double[] sorted = calls.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        Benchmark.row("baked environment ready, the bootstrap call in that new JVM", new Benchmark.Figure(sorted[sorted.length / 2], sorted[0],
                sorted[sorted.length - 1], sorted.length), "python -m venv --without-pip", plain);
    }
}
