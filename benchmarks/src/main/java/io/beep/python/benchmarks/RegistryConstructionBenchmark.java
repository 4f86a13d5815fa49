package io.beep.python.benchmarks;

import io.beep.python.process.ProcessRunner;
import io.beep.python.registry.PythonRuntimeRegistry;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Building the registry facade, and building it then loading a warm {@code runtimes.json} (every
 * interpreter already probed, fingerprints unchanged): what each service start pays before it
 * knows which interpreter to use.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RegistryConstructionBenchmark {

    private final AtomicLong started = new AtomicLong();
    private final ProcessRunner runner = ProcessRunner.observedBy(spec -> started.incrementAndGet());
    private Path home;

    @Setup(Level.Trial)
    public void warmHome() throws IOException {
        home = Files.createTempDirectory("beep-bench-registry");
        new PythonRuntimeRegistry(home, runner).initialize(); // cold discovery once: probes and writes runtimes.json
    }

    @TearDown(Level.Trial)
    public void reportProcesses() {
        // A warm initialize must start no process: print what the runner counted to prove it.
        System.out.println("\nprocesses started by warm initializes: " + started.get() + " (cold discovery included)");
    }

    @Benchmark
    public PythonRuntimeRegistry construct() {
        return new PythonRuntimeRegistry(home, runner);
    }

    @Benchmark
    public PythonRuntimeRegistry constructAndInitializeWarm() {
        PythonRuntimeRegistry registry = new PythonRuntimeRegistry(home, runner);
        registry.initialize();
        return registry;
    }
}
