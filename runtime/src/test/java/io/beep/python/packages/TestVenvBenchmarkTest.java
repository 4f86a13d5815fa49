package io.beep.python.packages;

import io.beep.python.testing.Benchmark;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the installer tests pay per venv: {@code python -m venv} with pip (the old fixture,
 * {@link TestVenv#create}) against the project's own venv code ({@link TestVenv#ours}), taking
 * turns in one JVM so that both sides meet the same load. Run with {@code -Pbenchmarks}.
 */
@Tag("benchmark")
class TestVenvBenchmarkTest {

    @Test
    void oursAgainstPythonMinusMVenv(@TempDir Path dir) {
        TestVenv.ours(dir.resolve("warm")); // the seed cache, once per build
        List<Double> stdlib = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            TestVenv.create(dir.resolve("stdlib-" + i));
            stdlib.add((System.nanoTime() - started) / 1e6);
            started = System.nanoTime();
            TestVenv.ours(dir.resolve("ours-" + i));
            ours.add((System.nanoTime() - started) / 1e6);
        }
        Benchmark.Figure oursFigure = Benchmark.Figure.of(ours.stream().mapToDouble(Double::doubleValue).toArray());
        Benchmark.Figure stdlibFigure = Benchmark.Figure.of(stdlib.stream().mapToDouble(Double::doubleValue).toArray());
        Benchmark.row("installer tests' venv (with pip)", oursFigure, "python -m venv", stdlibFigure);
        assertThat(oursFigure.medianMs()).isLessThan(stdlibFigure.medianMs());
    }
}
