package io.beep.python.registry;

import io.beep.python.ProcessResult;
import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.ProcessCounter;
import io.beep.python.process.ProcessSpec;
import io.beep.python.testing.Benchmark;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cold discovery of this machine (target 1 s) and a warm initialize from runtimes.json (target 30 ms),
 * beside {@code uv python list --only-installed} with an empty and with a filled uv cache when uv can be
 * installed into a venv here.
 */
@Tag("benchmark")
class RegistryBenchmarkTest {

    private static final Path UV_VENV = Path.of("target", "registry-benchmark-uv").toAbsolutePath();

    @TempDir
    Path home;

    @TempDir
    Path uvCache;

    private final ProcessCounter processes = new ProcessCounter();
    private final ProcessRunner runner = processes.runner();

    @Test
    void coldDiscoveryAndWarmInitialize() throws Exception {
        MachineInterpreters.anyModernPython();
        Path uv = installUv();

        Benchmark.Figure cold = Benchmark.measure(5, () -> empty(home), () -> {
            new PythonRuntimeRegistry(home, runner, DiscoveryRoots.fromEnvironment(), Duration.ofSeconds(20)).initialize();
            return null;
        });
        PythonRuntimeRegistry listed = new PythonRuntimeRegistry(home, runner, DiscoveryRoots.fromEnvironment(), Duration.ofSeconds(20));
        listed.list().forEach(info -> System.out.println("  " + info.id() + "  " + info.name() + "  " + info.status()
                + "  " + info.executable() + (info.externallyManaged() ? "  (externally managed)" : "")
                + (info.selectable() ? "" : "  (not selectable)")));
        int interpreters = listed.list().size();

        long before = processes.count();
        Benchmark.Figure warm = Benchmark.measure(20, () -> {
            new PythonRuntimeRegistry(home, runner, DiscoveryRoots.fromEnvironment(), Duration.ofSeconds(20)).initialize();
            return null;
        });
        long spawnedWarm = processes.count() - before;

        Benchmark.Figure uvCold = uv == null ? null : Benchmark.measure(5, () -> empty(uvCache), () -> uvList(uv));
        Benchmark.Figure uvWarm = uv == null ? null : Benchmark.measure(20, () -> uvList(uv));
        Benchmark.row("cold discovery + probe of " + interpreters + " interpreters (target <= 1000 ms)", cold, "uv python list, empty cache",
                uvCold);
        Benchmark.row("warm initialize() from runtimes.json (target <= 30 ms)", warm, "uv python list, warm cache", uvWarm);
        Benchmark.row("processes spawned by 20 warm initialize() calls", Long.toString(spawnedWarm));
        assertThat(spawnedWarm).isZero();
    }

    private ProcessResult uvList(Path uv) {
        return runner.run(ProcessSpec.of(uv.toString(), "python", "list", "--only-installed")
                .withEnvironment("UV_CACHE_DIR", uvCache.toString()).withTimeout(Duration.ofMinutes(1))).orThrow("uv python list");
    }

    /** uv in a venv of our own (never in a system or pyenv interpreter), or null when pip cannot reach an index. */
    private Path installUv() {
        Path uv = UV_VENV.resolve("bin/uv");
        if (Files.isExecutable(uv)) {
            return uv;
        }
        try {
            Path python = TestLayouts.venv(runner, MachineInterpreters.anyModernPython(), UV_VENV.resolveSibling("registry-benchmark-uv-venv"));
            runner.run(ProcessSpec.of(python.toString(), "-m", "ensurepip").withTimeout(Duration.ofMinutes(2))).orThrow("ensurepip");
            runner.run(ProcessSpec.of(List.of(python.toString(), "-m", "pip", "install", "-q", "uv"))
                    .withTimeout(Duration.ofMinutes(5))).orThrow("pip install uv");
            Files.createDirectories(uv.getParent());
            Files.createSymbolicLink(uv, python.resolveSibling("uv"));
            return uv;
        } catch (Exception e) {
            System.out.println("uv not available for comparison: " + e.getMessage());
            return null;
        }
    }

    private static Object empty(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
            }
        }
        return null;
    }
}
