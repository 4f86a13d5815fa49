package io.beep.python.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.BootstrapStage;
import io.beep.python.testing.SmallDisk;
import io.beep.python.testing.TestPython;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

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
        assertThat(home.resolve("venvs/home-test/bin/python")).isExecutable();
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

    private static BootstrapResult bootstrap(Path home) {
        return new PythonBootstrapManager(home).ensurePythonEnvironment(BootstrapOptions.builder().environmentName("home-test")
                .interpreter(TestPython.executable()).build());
    }
}
