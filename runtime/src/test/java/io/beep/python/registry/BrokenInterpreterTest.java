package io.beep.python.registry;

import io.beep.python.process.Cancellation;
import io.beep.python.process.CancelledException;
import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.ProcessCounter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Executables that look like Pythons but hang, crash or talk nonsense are listed in ERROR with the reason, never fatal. */
class BrokenInterpreterTest {

    @TempDir
    Path user;

    @TempDir
    Path home;

    private final ProcessCounter processes = new ProcessCounter();
    private final ProcessRunner runner = processes.runner();

    private PythonRuntimeRegistry registry(Path bin, Duration probeTimeout) {
        return new PythonRuntimeRegistry(home, runner, DiscoveryRoots.isolated(user, List.of(bin)), probeTimeout);
    }

    @Test
    void aHangingInterpreterIsMarkedErrorWithinTheTimeOutWhileOthersAreReady() {
        Path bin = user.resolve("bin");
        TestLayouts.script(bin.resolve("python3.99"), "sleep 60");
        TestLayouts.link(bin.resolve("python3.12"), MachineInterpreters.pyenv("3.12.1"));
        PythonRuntimeRegistry registry = registry(bin, Duration.ofSeconds(1));

        long begin = System.nanoTime();
        registry.initialize();
        Duration took = Duration.ofNanos(System.nanoTime() - begin);

        assertThat(took).isLessThan(Duration.ofSeconds(15));
        assertThat(registry.list()).anySatisfy(info -> {
            assertThat(info.executable()).isEqualTo(bin.resolve("python3.99"));
            assertThat(info.status()).isEqualTo(PythonRuntimeStatus.ERROR);
            assertThat(info.error()).hasValueSatisfying(e -> assertThat(e).contains("did not finish within 1s"));
        }).anySatisfy(info -> assertThat(info.version()).isEqualTo("3.12.1"));
        assertThat(registry.find("3")).map(PythonRuntimeInfo::version).contains("3.12.1");
    }

    @Test
    void aHangingInterpreterIsNotProbedAgainUntilItChanges() {
        Path bin = user.resolve("bin");
        TestLayouts.script(bin.resolve("python3"), "sleep 60");
        registry(bin, Duration.ofSeconds(1)).initialize();

        ProcessCounter warmProcesses = new ProcessCounter();
        ProcessRunner warm = warmProcesses.runner();
        new PythonRuntimeRegistry(home, warm, DiscoveryRoots.isolated(user, List.of(bin)), Duration.ofSeconds(1)).initialize();

        assertThat(warmProcesses.count()).isZero();
    }

    @Test
    void cancellingStopsHangingProbesAndCachesNothing() throws Exception {
        Path bin = user.resolve("bin");
        TestLayouts.script(bin.resolve("python3"), "sleep 60");
        Cancellation cancellation = new Cancellation();
        PythonRuntimeRegistry registry = registry(bin, Duration.ofSeconds(60));
        CompletableFuture<Void> start = CompletableFuture.runAsync(
                () -> registry.initialize(cancellation));
        await().atMost(Duration.ofSeconds(10)).until(() -> processes.count() == 1);

        cancellation.cancel();

        assertThatThrownBy(() -> start.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(CancelledException.class);
        assertThat(home.resolve("runtimes.json")).doesNotExist();
    }

    @Test
    void aCrashingInterpreterIsMarkedErrorWithItsLastWords() {
        Path bin = user.resolve("bin");
        TestLayouts.script(bin.resolve("python3"), "echo 'Fatal Python error: init_fs_encoding: failed to get the Python codec' >&2; exit 1");
        PythonRuntimeRegistry registry = registry(bin, Duration.ofSeconds(10));

        assertThat(registry.list()).singleElement().satisfies(info -> {
            assertThat(info.status()).isEqualTo(PythonRuntimeStatus.ERROR);
            assertThat(info.error()).hasValue("exited with code 1: Fatal Python error: init_fs_encoding: failed to get the Python codec");
        });
        assertThat(registry.explainMiss("3")).contains("ERROR: exited with code 1");
    }

    @Test
    void anExecutableThatPrintsNonsenseIsMarkedError() {
        Path bin = user.resolve("bin");
        TestLayouts.script(bin.resolve("python"), "echo hello");

        assertThat(registry(bin, Duration.ofSeconds(10)).list()).singleElement().satisfies(info -> {
            assertThat(info.status()).isEqualTo(PythonRuntimeStatus.ERROR);
            assertThat(info.error()).hasValueSatisfying(e -> assertThat(e).contains("printed no description of itself: hello"));
        });
    }

    @Test
    void aWorkingInterpreterThatBreaksKeepsItsIdAndBecomesError() throws Exception {
        Path bin = user.resolve("bin");
        Path python = TestLayouts.script(bin.resolve("python3"), "exec " + MachineInterpreters.pyenv("3.12.1") + " \"$@\"");
        PythonRuntimeRegistry registry = registry(bin, Duration.ofSeconds(10));
        String id = registry.find("3.12").orElseThrow().id();
        registry.setDefaultRuntime(id);

        TestLayouts.write(python, "#!/bin/sh\necho 'Segmentation fault' >&2; exit 139\n");
        PythonRuntimeRegistry later = registry(bin, Duration.ofSeconds(10));

        assertThat(later.getRuntime(id)).hasValueSatisfying(info -> {
            assertThat(info.status()).isEqualTo(PythonRuntimeStatus.ERROR);
            assertThat(info.error()).hasValue("exited with code 139: Segmentation fault");
        });
        assertThat(later.getDefaultRuntime()).map(PythonRuntimeInfo::id).contains(id);
        assertThat(later.find("3.12")).isEmpty();
    }

    @Test
    void interrogatingABrokenInterpreterNamesItsPath() {
        Path broken = TestLayouts.script(user.resolve("bin/python3"), "exit 3");

        assertThatThrownBy(() -> registry(user.resolve("none"), Duration.ofSeconds(10)).interrogate(broken))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RegistryException.Reason.BROKEN_INTERPRETER);
                    assertThat(e.input()).contains(broken.toString());
                })
                .hasMessageContaining("'" + broken + "' is not a working Python: exited with code 3");
    }

    @Test
    void interrogatingAMissingPathSaysSo() {
        Path missing = user.resolve("no/such/python3");

        assertThatThrownBy(() -> registry(user.resolve("none"), Duration.ofSeconds(10)).interrogate(missing))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RegistryException.Reason.NOT_AN_INTERPRETER);
                    assertThat(e.input()).contains(missing.toString());
                })
                .hasMessageContaining("does not exist or is not an executable file");
    }
}
