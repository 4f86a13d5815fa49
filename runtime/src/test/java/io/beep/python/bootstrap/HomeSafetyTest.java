package io.beep.python.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.BootstrapStage;
import io.beep.python.packages.PackageRequirementsManager;
import io.beep.python.process.Cancellation;
import io.beep.python.process.InterProcessLock;
import io.beep.python.process.ProcessRunner;
import io.beep.python.registry.PythonRuntimeRegistry;
import io.beep.python.registry.PythonRuntimeType;
import io.beep.python.testing.SmallDisk;
import io.beep.python.testing.TestPython;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/** What the bootstrap does with the home before writing anything: created private, refused when unsafe or unwritable. */
class HomeSafetyTest {

    @TempDir
    Path dir;

    @Test
    void aNewHomeIsCreatedOwnerOnlyAndWorks() throws Exception {
        Path home = dir.resolve("fresh/home");
        BootstrapResult result = bootstrap(home);

        assertThat(result.success()).as(result.failure().map(Throwable::getMessage).orElse("")).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
        try (var files = Files.walk(home)) {
            assertThat(files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()).allSatisfy(json ->
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(json))).isEqualTo("rw-------"));
        }
        assertThat(io.beep.python.testing.TestHomes.venv(home, "home-test").resolve("bin/python")).isExecutable();
    }

    @Test
    void aHomeEveryoneCanWriteIsRefusedNamingIt() throws Exception {
        Path home = Files.createDirectories(dir.resolve("shared"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwxrwx"));

        BootstrapResult result = bootstrap(home);

        assertThat(result.success()).isFalse();
        assertThat(result.failure().orElseThrow().stage()).isEqualTo(BootstrapStage.INITIALIZING);
        assertThat(result.failure().orElseThrow().getMessage()).contains(home.toString()).contains("writable by every user")
                .contains("chmod 700");
        assertThat(home).isEmptyDirectory();
    }

    @Test
    void aGroupWritableHomeAsOnAKubernetesVolumeIsUsedWithAWarning() throws Exception {
        Path home = Files.createDirectories(dir.resolve("fsgroup"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxrwx---"));

        BootstrapResult result = bootstrap(home);

        assertThat(result.success()).as(result.failure().map(Throwable::getMessage).orElse("")).isTrue();
        assertThat(result.warnings()).anySatisfy(warning -> assertThat(warning).contains(home.toString())
                .contains("writable by its group (mode 0770)"));
    }

    @Test
    void aHomeThatIsAFileOrOnAReadOnlyFileSystemIsAClearErrorNamingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        BootstrapResult onFile = bootstrap(file);
        assertThat(onFile.success()).isFalse();
        assertThat(onFile.failure().orElseThrow().getMessage()).contains(file.toString()).contains("Cannot create the Beep Python home");

        try (SmallDisk disk = SmallDisk.mount(dir.resolve("ro"), 4)) {
            disk.makeReadOnly();
            BootstrapResult readOnly = bootstrap(disk.path());
            assertThat(readOnly.success()).isFalse();
            assertThat(readOnly.failure().orElseThrow().getMessage()).contains(disk.path().toString()).contains("not writable")
                    .contains("Read-only file system");
        }
    }

    @Test
    void aHomeReachedThroughALinkIsJudgedByTheDirectoryItLeadsTo() throws Exception {
        Path real = Files.createDirectories(dir.resolve("volume/home"));
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwx------"));
        Path link = Files.createSymbolicLink(dir.resolve("home-link"), real);

        BootstrapResult result = bootstrap(link);

        assertThat(result.success()).as(result.failure().map(Throwable::getMessage).orElse("")).isTrue();
        assertThat(io.beep.python.testing.TestHomes.venv(real, "home-test").resolve("bin/python")).isExecutable();
    }

    @Test
    void aLinkToAHomeEveryoneCanWriteIsRefusedNamingTheLinkAndItsTarget() throws Exception {
        Path real = Files.createDirectories(dir.resolve("volume/shared"));
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path link = Files.createSymbolicLink(dir.resolve("shared-link"), real);

        BootstrapResult result = bootstrap(link);

        assertThat(result.success()).isFalse();
        assertThat(result.failure().orElseThrow().getMessage()).contains(link + " (a link to " + real + ")")
                .contains("writable by every user (mode 0777)").contains("chmod 700 " + real);
        assertThat(real).isEmptyDirectory();
    }

    @Test
    void aNewHomeIsOwnerOnlyWhicheverRoomWritesFirst() throws Exception {
        // The registry (a probe, then runtimes.json): what `beep-python runtimes` or the registry bean may do first.
        Path registryHome = dir.resolve("registry/home");
        new PythonRuntimeRegistry(registryHome, new ProcessRunner()).registerManagedRuntime("first", PythonRuntimeType.SYSTEM,
                TestPython.executable());
        assertOwnerOnly(registryHome);
        assertThat(registryHome.resolve("runtimes.json")).isRegularFile();

        // The profiles (package-requirements.json under its lock): the profiles endpoint or `beep-python profiles`.
        Path profilesHome = dir.resolve("profiles/home");
        new PackageRequirementsManager(profilesHome).addOrUpdateProfile("mine", Map.of("six", ">=1"));
        assertOwnerOnly(profilesHome);

        // A lock file of the home, the first write of most rooms.
        Path lockHome = dir.resolve("locks/home");
        try (InterProcessLock ignored = InterProcessLock.inHome(lockHome, "first", Cancellation.none())) {
            assertOwnerOnly(lockHome);
        }
    }

    private static void assertOwnerOnly(Path home) throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).as(home.toString()).isEqualTo("rwx------");
    }

    private static BootstrapResult bootstrap(Path home) {
        return new PythonBootstrapManager(home).ensurePythonEnvironment(BootstrapOptions.builder().environmentName("home-test")
                .interpreter(TestPython.executable()).build());
    }
}
