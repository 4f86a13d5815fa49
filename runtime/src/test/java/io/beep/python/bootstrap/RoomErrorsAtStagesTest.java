package io.beep.python.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;
import io.beep.python.registry.RegistryException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A room's error surfaces as a bootstrap failure at the stage the bootstrap was in, naming the same input. */
class RoomErrorsAtStagesTest {

    @TempDir
    Path dir;

    @Test
    void aMissingExplicitInterpreterFailsAtCheckingRuntime() {
        Path missing = dir.resolve("no/such/python3");

        PythonBootstrapException error = bootstrap(missing);

        assertThat(error.stage()).isEqualTo(BootstrapStage.CHECKING_RUNTIME);
        assertThat(error.input()).contains(missing.toString());
        assertThat(error.componentError()).hasValueSatisfying(room -> assertThat(((RegistryException) room).reason())
                .isEqualTo(RegistryException.Reason.NOT_AN_INTERPRETER));
        assertThat(error).hasMessageContaining("does not exist or is not an executable file");
    }

    @Test
    void aBrokenExplicitInterpreterFailsAtCheckingRuntime() throws Exception {
        Path broken = Files.writeString(Files.createDirectories(dir.resolve("bin")).resolve("python3"), "#!/bin/sh\nexit 3\n");
        Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwxr-xr-x"));

        PythonBootstrapException error = bootstrap(broken);

        assertThat(error.stage()).isEqualTo(BootstrapStage.CHECKING_RUNTIME);
        assertThat(error.input()).contains(broken.toString());
        assertThat(error).hasMessageContaining("'" + broken + "' is not a working Python: exited with code 3");
    }

    private PythonBootstrapException bootstrap(Path interpreter) {
        BootstrapResult result = new PythonBootstrapManager(dir.resolve("home"))
                .ensurePythonEnvironment(BootstrapOptions.builder().interpreter(interpreter).build());
        assertThat(result.success()).isFalse();
        return result.failure().orElseThrow();
    }
}
