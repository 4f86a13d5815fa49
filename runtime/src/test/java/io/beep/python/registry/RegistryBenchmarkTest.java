package io.beep.python.registry;

import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.Benchmark;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Cold discovery of this machine (target 1 s) and a warm initialize from runtimes.json (target 30 ms). */
@Tag("benchmark")
class RegistryBenchmarkTest {

    @TempDir
    Path home;

    @Test
    void coldDiscoveryAndWarmInitialize() throws Exception {
        MachineInterpreters.anyModernPython();
        ProcessRunner runner = new ProcessRunner();

        Benchmark.Figure cold = Benchmark.measure(5, () -> deleteRegistry(), () -> {
            new PythonRuntimeRegistry(home, runner, DiscoveryRoots.fromEnvironment(), Duration.ofSeconds(20)).initialize();
            return null;
        });
        PythonRuntimeRegistry listed = new PythonRuntimeRegistry(home, runner, DiscoveryRoots.fromEnvironment(), Duration.ofSeconds(20));
        listed.getAvailableRuntimes().forEach(info -> System.out.println("  " + info.id() + "  " + info.name() + "  " + info.status()
                + "  " + info.executable() + (info.externallyManaged() ? "  (externally managed)" : "")
                + (info.selectable() ? "" : "  (not selectable)")));
        int interpreters = listed.getAvailableRuntimes().size();

        long before = runner.startedProcesses();
        Benchmark.Figure warm = Benchmark.measure(20, () -> {
            new PythonRuntimeRegistry(home, runner, DiscoveryRoots.fromEnvironment(), Duration.ofSeconds(20)).initialize();
            return null;
        });
        long spawnedWarm = runner.startedProcesses() - before;

        Benchmark.row("cold discovery + probe of " + interpreters + " interpreters (target <= 1000 ms)", cold.toString());
        Benchmark.row("warm initialize() from runtimes.json (target <= 30 ms)", warm.toString());
        Benchmark.row("processes spawned by 20 warm initialize() calls", Long.toString(spawnedWarm));
        assertThat(spawnedWarm).isZero();
    }

    private Object deleteRegistry() throws Exception {
        if (Files.exists(home)) {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(home)).forEach(p -> p.toFile().delete());
            }
        }
        return null;
    }
}
