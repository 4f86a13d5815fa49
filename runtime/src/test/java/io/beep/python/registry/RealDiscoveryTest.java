package io.beep.python.registry;

import io.beep.python.process.ProcessRunner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Discovery and interrogation of this machine's real interpreters (pyenv versions, Debian's python3). */
class RealDiscoveryTest {

    /** Shared: the first test pays the cold discovery of the machine, the others read its runtimes.json. */
    @TempDir
    static Path home;

    private PythonRuntimeRegistry machineRegistry(ProcessRunner runner) {
        return new PythonRuntimeRegistry(home, runner, DiscoveryRoots.fromEnvironment(), Duration.ofSeconds(20));
    }

    @Test
    void findsEveryPyenvVersionOnceWithItsRealVersion() {
        Path python312 = MachineInterpreters.pyenv("3.12.1");
        PythonRuntimeRegistry registry = machineRegistry(new ProcessRunner());

        registry.initialize();

        List<PythonRuntimeInfo> fromPyenv = registry.list().stream()
                .filter(info -> info.executable().startsWith(MachineInterpreters.PYENV_VERSIONS))
                .toList();
        assertThat(fromPyenv).extracting(PythonRuntimeInfo::version).contains("3.12.1").doesNotHaveDuplicates();
        PythonRuntimeInfo info = fromPyenv.stream().filter(i -> i.version().equals("3.12.1")).findFirst().orElseThrow();
        assertThat(info.source()).isEqualTo("pyenv");
        assertThat(info.type()).isEqualTo(PythonRuntimeType.SYSTEM);
        assertThat(info.status()).isEqualTo(PythonRuntimeStatus.READY);
        assertThat(info.implementation()).isEqualTo("cpython");
        assertThat(info.prefix()).isEqualTo(python312.getParent().getParent());
        assertThat(info.stdlib()).contains(python312.getParent().getParent().resolve("lib/python3.12"));
        assertThat(info.pipVersion()).isPresent();
        assertThat(info.externallyManaged()).isFalse();
        assertThat(info.selectable()).isTrue();
    }

    @Test
    void listsPython27ButNeverSelectsIt() {
        MachineInterpreters.pyenv("2.7.18");
        PythonRuntimeRegistry registry = machineRegistry(new ProcessRunner());

        PythonRuntimeInfo python27 = registry.list().stream().filter(i -> i.version().equals("2.7.18"))
                .findFirst().orElseThrow();

        assertThat(python27.status()).isEqualTo(PythonRuntimeStatus.READY);
        assertThat(python27.selectable()).isFalse();
        assertThat(registry.find("2.7")).isEmpty();
        assertThat(registry.explain("2.7")).anySatisfy(skip -> {
            assertThat(skip.runtime().version()).isEqualTo("2.7.18");
            assertThat(skip.reason()).isEqualTo(SkippedCandidate.Reason.TOO_OLD);
        });
    }

    @Test
    void debianPythonIsExternallyManagedByTheMarkerInItsStdlib() {
        Path python = MachineInterpreters.debianPython();
        PythonRuntimeRegistry registry = machineRegistry(new ProcessRunner());

        PythonRuntimeInfo info = registry.getRuntime(python.toString()).orElseThrow();

        Path stdlib = info.stdlib().orElseThrow();
        assertThat(stdlib.resolve("EXTERNALLY-MANAGED")).as("the PEP 668 marker sits in the stdlib dir, not the prefix")
                .isRegularFile();
        assertThat(info.prefix().resolve("EXTERNALLY-MANAGED")).doesNotExist();
        assertThat(info.externallyManaged()).isTrue();
        assertThat(info.source()).isEqualTo("path");
    }

    @Test
    void symlinkedNamesOfOneInterpreterCollapseIntoOneEntry() throws Exception {
        Path python = MachineInterpreters.debianPython();
        Path real = python.toRealPath();
        PythonRuntimeRegistry registry = machineRegistry(new ProcessRunner());

        List<PythonRuntimeInfo> same = registry.list().stream()
                .filter(info -> sameFile(info.executable(), real))
                .toList();

        assertThat(same).hasSize(1);
        assertThat(registry.getRuntime("/usr/bin/python3")).map(PythonRuntimeInfo::id).isEqualTo(registry.getRuntime(real.toString())
                .map(PythonRuntimeInfo::id));
    }

    @Test
    void pyenvShimsAreResolvedNotRun() {
        Path shims = Path.of(System.getProperty("user.home"), ".pyenv", "shims");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shims), "pyenv shims absent at " + shims);
        PythonRuntimeRegistry registry = machineRegistry(new ProcessRunner());

        assertThat(registry.list()).extracting(PythonRuntimeInfo::executable)
                .noneMatch(exe -> exe.startsWith(shims));
    }

    @Test
    void findPrefersTheNewestMatchingAndExplainsTheRest() {
        MachineInterpreters.pyenv("3.12.1");
        MachineInterpreters.pyenv("3.13.0");
        PythonRuntimeRegistry registry = machineRegistry(new ProcessRunner());

        assertThat(registry.find("3.12")).map(PythonRuntimeInfo::version).contains("3.12.1");
        assertThat(registry.find("3")).map(PythonRuntimeInfo::minorVersion).hasValueSatisfying(
                v -> assertThat(Versions.compare(v, "3.13")).isGreaterThanOrEqualTo(0));
        String miss = registry.explainMiss("3.99");
        assertThat(miss).startsWith("No Python 3.99 found; saw ").contains("3.12.1 (pyenv: ").contains("uv python install 3.99");
    }

    @Test
    void persistsWhatItFoundWithSchemaVersion() throws Exception {
        MachineInterpreters.anyModernPython();
        machineRegistry(new ProcessRunner()).initialize();

        Map<?, ?> file = new com.fasterxml.jackson.databind.ObjectMapper().readValue(home.resolve("runtimes.json").toFile(), Map.class);

        assertThat(file.get("schemaVersion")).isEqualTo("1.0");
        assertThat((List<?>) file.get("runtimes")).isNotEmpty();
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return a.toRealPath().equals(b);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
