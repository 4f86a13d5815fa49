package io.beep.python.benchmarks;

import io.beep.python.process.ProcessRunner;
import io.beep.python.registry.PythonRuntimeInfo;
import io.beep.python.registry.PythonRuntimeRegistry;
import io.beep.python.venv.VirtualEnv;
import io.beep.python.venv.VirtualEnvironments;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@link VirtualEnvironments#open}: the check a warm start makes instead of creating a venv
 * (read {@code pyvenv.cfg}, see that the python link still resolves), and with
 * {@link VirtualEnvironments#isFrom} (same version, same real executable as the wanted base). The venv is made once from
 * the interpreter named by {@code -Dbeep.bench.python} or else the newest one the registry finds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VenvOpenBenchmark {

    private VirtualEnvironments venvs;
    private PythonRuntimeInfo base;
    private Path root;

    @Setup(Level.Trial)
    public void createVenv() throws IOException {
        ProcessRunner runner = new ProcessRunner();
        Path home = Files.createTempDirectory("beep-bench-venv");
        PythonRuntimeRegistry registry = new PythonRuntimeRegistry(home, runner);
        String explicit = System.getProperty("beep.bench.python");
        if (explicit != null) {
            base = registry.interrogate(Path.of(explicit));
        } else {
            registry.initialize();
            base = registry.find("3").orElseThrow(() -> new IllegalStateException(
                    "No Python 3 found; pass -Dbeep.bench.python=/path/to/python3"));
        }
        venvs = new VirtualEnvironments(runner, home);
        root = home.resolve("venvs/default");
        venvs.create(base, root);
    }

    @Benchmark
    public Optional<VirtualEnv> open() {
        return venvs.open(root);
    }

    /** What a warm start really asks: is there a venv, and is it still from the interpreter we want? */
    @Benchmark
    public boolean openAndCheckItIsFromTheBase() {
        return venvs.open(root).map(venv -> venvs.isFrom(venv, base)).orElse(false);
    }
}
