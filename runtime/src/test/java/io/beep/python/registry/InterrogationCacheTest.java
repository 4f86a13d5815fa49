package io.beep.python.registry;

import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.ProcessCounter;

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
        ProcessCounter coldProcesses = new ProcessCounter();
        ProcessRunner cold = coldProcesses.runner();
        registry(cold, bin).initialize();
        assertThat(coldProcesses.count()).as("the cold start probes both").isEqualTo(2);

        ProcessCounter warmProcesses = new ProcessCounter();
        ProcessRunner warm = warmProcesses.runner();
        PythonRuntimeRegistry again = registry(warm, bin);
        again.initialize();

        assertThat(warmProcesses.count()).isZero();
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

        ProcessCounter processes = new ProcessCounter();
        ProcessRunner runner = processes.runner();
        registry(runner, bin).initialize();

        assertThat(processes.count()).isEqualTo(1);
    }

    @Test
    void interrogatingAKnownInterpreterRunsNothing() {
        Path python = MachineInterpreters.pyenv("3.12.1");
        ProcessCounter firstProcesses = new ProcessCounter();
        ProcessRunner first = firstProcesses.runner();
        PythonRuntimeInfo probed = registry(first, user.resolve("empty")).interrogate(python);
        assertThat(firstProcesses.count()).isEqualTo(1);

        ProcessCounter secondProcesses = new ProcessCounter();
        ProcessRunner second = secondProcesses.runner();
        PythonRuntimeInfo cached = registry(second, user.resolve("empty")).interrogate(python);

        assertThat(secondProcesses.count()).isZero();
        assertThat(cached.id()).isEqualTo(probed.id());
        assertThat(cached.version()).isEqualTo("3.12.1");
    }

    @Test
    void refreshProbesEverythingAgain() {
        Path bin = user.resolve("bin");
        TestLayouts.link(bin.resolve("python3.12"), MachineInterpreters.pyenv("3.12.1"));
        ProcessCounter processes = new ProcessCounter();
        ProcessRunner runner = processes.runner();
        PythonRuntimeRegistry registry = registry(runner, bin);
        registry.initialize();

        registry.refresh();

        assertThat(processes.count()).isEqualTo(2);
    }

    @Test
    void interrogatingOrRegisteringOneInterpreterRunsNoDiscovery() {
        Path bin = user.resolve("bin");
        TestLayouts.link(bin.resolve("python3.13"), MachineInterpreters.pyenv("3.13.0"));
        ProcessCounter processes = new ProcessCounter();
        ProcessRunner runner = processes.runner();
        PythonRuntimeRegistry registry = registry(runner, bin);

        PythonRuntimeInfo explicit = registry.interrogate(MachineInterpreters.pyenv("3.12.1"));
        registry.registerManagedRuntime("managed", PythonRuntimeType.EMBEDDED, MachineInterpreters.pyenv("3.11.7"));
        registry.setDefaultRuntime(explicit.id());

        assertThat(processes.count()).as("only the two named interpreters ran, not the one on PATH").isEqualTo(2);
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
