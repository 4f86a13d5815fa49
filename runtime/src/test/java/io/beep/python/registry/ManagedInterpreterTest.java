package io.beep.python.registry;

import io.beep.python.process.ProcessRunner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A real relocatable CPython placed under {@code ${home}/embedded}, as the provisioner leaves it. */
class ManagedInterpreterTest {

    @TempDir
    Path home;

    @TempDir
    Path user;

    @Test
    void aManagedInterpreterIsDescribedFromItsNewPlaceAndChosenFirst() throws Exception {
        Path root = RelocatableCPython.root();
        Path managed = home.resolve("embedded").resolve("cpython-" + RelocatableCPython.VERSION + "-linux-x86_64");
        Files.createDirectories(managed.getParent());
        Files.createSymbolicLink(managed, root);
        Path bin = user.resolve("bin");
        TestLayouts.link(bin.resolve("python3.13"), MachineInterpreters.pyenv("3.13.0"));
        PythonRuntimeRegistry registry = new PythonRuntimeRegistry(home, new ProcessRunner(),
                DiscoveryRoots.isolated(user, List.of(bin)), Duration.ofSeconds(30));

        PythonRuntimeInfo chosen = registry.find("3.13").orElseThrow();

        assertThat(chosen.type()).isEqualTo(PythonRuntimeType.EMBEDDED);
        assertThat(chosen.source()).isEqualTo("managed");
        assertThat(chosen.version()).isEqualTo(RelocatableCPython.VERSION);
        assertThat(chosen.prefix().toRealPath()).isEqualTo(root.toRealPath());
        assertThat(chosen.stdlib()).hasValueSatisfying(stdlib -> assertThat(stdlib).endsWith(Path.of("lib/python3.13")));
        assertThat(chosen.externallyManaged()).isFalse();
        assertThat(chosen.pipVersion()).isPresent();
        assertThat(registry.candidates("3.13")).extracting(PythonRuntimeInfo::version)
                .containsExactly(RelocatableCPython.VERSION, "3.13.0");
    }

    @Test
    void registeringTheManagedInterpreterNamesIt() {
        Path python = RelocatableCPython.root().resolve("bin/python3");
        PythonRuntimeRegistry registry = new PythonRuntimeRegistry(home, new ProcessRunner(), DiscoveryRoots.isolated(user, List.of()),
                Duration.ofSeconds(30));

        PythonRuntimeInfo info = registry.registerManagedRuntime("Managed CPython 3.13.5", PythonRuntimeType.EMBEDDED, python);

        assertThat(info.name()).isEqualTo("Managed CPython 3.13.5");
        assertThat(info.status()).isEqualTo(PythonRuntimeStatus.READY);
        assertThat(registry.find("3")).map(PythonRuntimeInfo::id).contains(info.id());
    }

    @Test
    void byteIdenticalCopiesSideBySideAreOneInterpreter() {
        Path bin = RelocatableCPython.root().resolve("bin");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(bin.resolve("python3.13"))
                && !Files.isSymbolicLink(bin.resolve("python3.13")), "the relocatable build ships no copy to collapse");
        PythonRuntimeRegistry registry = new PythonRuntimeRegistry(home, new ProcessRunner(), DiscoveryRoots.isolated(user, List.of(bin)),
                Duration.ofSeconds(30));

        assertThat(registry.list()).singleElement().extracting(PythonRuntimeInfo::executable)
                .isEqualTo(bin.resolve("python3"));
    }
}
