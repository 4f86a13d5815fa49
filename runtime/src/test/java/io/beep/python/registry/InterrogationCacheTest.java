package io.beep.python.registry;

import io.beep.python.process.ProcessRunner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Probe results are cached by real path, size and modification time: a warm start runs no process. */
class InterrogationCacheTest {

    @TempDir
    Path user;

    @TempDir
    Path home;

    private PythonRuntimeRegistry registry(ProcessRunner runner, Path bin) {
        return new PythonRuntimeRegistry(home, runner, DiscoveryRoots.isolated(user, List.of(bin)), Duration.ofSeconds(20));
    }

    @Test
    void warmInitializeSpawnsNoProcess() {
        Path bin = user.resolve("bin");
        TestLayouts.link(bin.resolve("python3.12"), MachineInterpreters.pyenv("3.12.1"));
        TestLayouts.link(bin.resolve("python3.13"), MachineInterpreters.pyenv("3.13.0"));
        ProcessRunner cold = new ProcessRunner();
        registry(cold, bin).initialize();
        assertThat(cold.startedProcesses()).as("the cold start probes both").isEqualTo(2);

        ProcessRunner warm = new ProcessRunner();
        PythonRuntimeRegistry again = registry(warm, bin);
        again.initialize();

        assertThat(warm.startedProcesses()).isZero();
        assertThat(again.list()).extracting(PythonRuntimeInfo::version).containsExactlyInAnyOrder("3.12.1", "3.13.0");
        assertThat(again.find("3.13")).isPresent();
    }

    @Test
    void aChangedInterpreterIsProbedAgainAndOnlyIt() throws Exception {
        Path bin = user.resolve("bin");
        TestLayouts.link(bin.resolve("python3.12"), MachineInterpreters.pyenv("3.12.1"));
        // A wrapper is a file of our own whose modification time we may change, standing for an upgraded interpreter.
        Path wrapper = TestLayouts.script(bin.resolve("python3.13"), "exec " + MachineInterpreters.pyenv("3.13.0") + " \"$@\"");
        registry(new ProcessRunner(), bin).initialize();
        Files.setLastModifiedTime(wrapper, FileTime.from(Instant.now().plusSeconds(60)));

        ProcessRunner runner = new ProcessRunner();
        registry(runner, bin).initialize();

        assertThat(runner.startedProcesses()).isEqualTo(1);
    }

    @Test
    void interrogatingAKnownInterpreterRunsNothing() {
        Path python = MachineInterpreters.pyenv("3.12.1");
        ProcessRunner first = new ProcessRunner();
        PythonRuntimeInfo probed = registry(first, user.resolve("empty")).interrogate(python);
        assertThat(first.startedProcesses()).isEqualTo(1);

        ProcessRunner second = new ProcessRunner();
        PythonRuntimeInfo cached = registry(second, user.resolve("empty")).interrogate(python);

        assertThat(second.startedProcesses()).isZero();
        assertThat(cached.id()).isEqualTo(probed.id());
        assertThat(cached.version()).isEqualTo("3.12.1");
    }

    @Test
    void refreshProbesEverythingAgain() {
        Path bin = user.resolve("bin");
        TestLayouts.link(bin.resolve("python3.12"), MachineInterpreters.pyenv("3.12.1"));
        ProcessRunner runner = new ProcessRunner();
        PythonRuntimeRegistry registry = registry(runner, bin);
        registry.initialize();

        registry.refresh();

        assertThat(runner.startedProcesses()).isEqualTo(2);
    }

    @Test
    void interrogatingOrRegisteringOneInterpreterRunsNoDiscovery() {
        Path bin = user.resolve("bin");
        TestLayouts.link(bin.resolve("python3.13"), MachineInterpreters.pyenv("3.13.0"));
        ProcessRunner runner = new ProcessRunner();
        PythonRuntimeRegistry registry = registry(runner, bin);

        PythonRuntimeInfo explicit = registry.interrogate(MachineInterpreters.pyenv("3.12.1"));
        registry.registerManagedRuntime("managed", PythonRuntimeType.EMBEDDED, MachineInterpreters.pyenv("3.11.7"));
        registry.setDefaultRuntime(explicit.id());

        assertThat(runner.startedProcesses()).as("only the two named interpreters ran, not the one on PATH").isEqualTo(2);
        registry.initialize();
        assertThat(registry.list()).extracting(PythonRuntimeInfo::version)
                .containsExactlyInAnyOrder("3.12.1", "3.11.7", "3.13.0");
        assertThat(registry.getDefaultRuntime()).map(PythonRuntimeInfo::id).contains(explicit.id());
    }

    @Test
    void interrogatingAChangedRegisteredInterpreterKeepsItsRegistration() throws Exception {
        Path wrapper = TestLayouts.script(user.resolve("managed/bin/python3"), "exec " + MachineInterpreters.pyenv("3.12.1") + " \"$@\"");
        PythonRuntimeInfo registered = registry(new ProcessRunner(), user.resolve("empty"))
                .registerManagedRuntime("Managed 3.12", PythonRuntimeType.EMBEDDED, wrapper);
        Files.setLastModifiedTime(wrapper, FileTime.from(Instant.now().plusSeconds(60)));

        PythonRuntimeInfo again = registry(new ProcessRunner(), user.resolve("empty")).interrogate(wrapper);

        assertThat(again.id()).isEqualTo(registered.id());
        assertThat(again.name()).isEqualTo("Managed 3.12");
        assertThat(again.type()).isEqualTo(PythonRuntimeType.EMBEDDED);
        assertThat(again.source()).isEqualTo("managed");
    }
}
