package io.beep.python.registry;

import io.beep.python.ProcessResult;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Two JVMs writing runtimes.json at once: the file lock and the merge keep every entry of both. */
class ConcurrentRegistrationTest {

    private static final int PER_PROCESS = 4;

    @TempDir
    Path home;

    @TempDir
    Path venvs;

    private final ProcessRunner runner = new ProcessRunner();

    @Test
    void twoProcessesRegisteringAtOnceKeepEachOthersEntries() {
        Path base = MachineInterpreters.anyModernPython();
        // Venvs are distinct interpreters (keyed by their own root), cheap to make, and real.
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (int i = 0; i < PER_PROCESS; i++) {
            first.add(TestLayouts.venv(runner, base, venvs.resolve("a" + i)).toString());
            second.add(TestLayouts.venv(runner, base, venvs.resolve("b" + i)).toString());
        }

        CompletableFuture<ProcessResult> a = CompletableFuture.supplyAsync(() -> runner.run(childJvm("first", first)));
        CompletableFuture<ProcessResult> b = CompletableFuture.supplyAsync(() -> runner.run(childJvm("second", second)));

        assertThat(a.join().orThrow("first registering JVM").stdout()).contains("registered " + PER_PROCESS);
        assertThat(b.join().orThrow("second registering JVM").stdout()).contains("registered " + PER_PROCESS);
        PythonRuntimeRegistry registry = new PythonRuntimeRegistry(home, runner, DiscoveryRoots.isolated(home.resolve("x"), List.of()),
                Duration.ofSeconds(30));
        List<String> names = registry.list().stream().map(PythonRuntimeInfo::name).toList();
        assertThat(names).containsExactlyInAnyOrder("first-0", "first-1", "first-2", "first-3",
                "second-0", "second-1", "second-2", "second-3");
    }

    @Test
    void threadsOfOneProcessWithTheirOwnRegistriesTakeTurnsAtTheLock() {
        Path base = MachineInterpreters.anyModernPython();
        List<Path> pythons = new ArrayList<>();
        for (int i = 0; i < PER_PROCESS; i++) {
            pythons.add(TestLayouts.venv(runner, base, venvs.resolve("t" + i)));
        }

        // Not the common pool: on a two-core machine it runs one task at a time.
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(PER_PROCESS);
        List<CompletableFuture<PythonRuntimeInfo>> registrations = new ArrayList<>();
        for (int i = 0; i < pythons.size(); i++) {
            Path python = pythons.get(i);
            String name = "thread-" + i;
            registrations.add(CompletableFuture.supplyAsync(() -> new PythonRuntimeRegistry(home, runner,
                    DiscoveryRoots.isolated(home.resolve("x"), List.of()), Duration.ofSeconds(30))
                    .registerManagedRuntime(name, PythonRuntimeType.VIRTUAL_ENV, python), threads));
        }
        registrations.forEach(CompletableFuture::join);
        threads.shutdown();

        List<String> names = new PythonRuntimeRegistry(home, runner, DiscoveryRoots.isolated(home.resolve("x"), List.of()),
                Duration.ofSeconds(30)).list().stream().map(PythonRuntimeInfo::name).toList();
        assertThat(names).containsExactlyInAnyOrder("thread-0", "thread-1", "thread-2", "thread-3");
    }

    private ProcessSpec childJvm(String label, List<String> executables) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Surefire may launch tests through a manifest-only jar; its own property holds the real class path.
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-cp", classPath, RegisterRuntimesMain.class.getName(),
                home.toString(), label));
        command.addAll(executables);
        return ProcessSpec.of(command).withTimeout(Duration.ofMinutes(2));
    }
}
