package io.beep.python.venv;

import io.beep.python.fs.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which interpreters get a Java-written venv, and the reason the others are given for falling back
 * to {@code python -m venv}; checked on installation-shaped directories.
 */
class BaseInterpreterTest {

    private static final Platform LINUX = new Platform("linux", "x86_64", false);

    @TempDir
    Path temp;

    @Test
    void aCPythonLayoutIsRecognized() throws Exception {
        Path prefix = posixInstallation("lib/python3.13");

        BaseInterpreter base = BaseInterpreter.recognize(prefix.resolve("bin/python3"), "3.13.5", prefix, prefix, LINUX);

        assertThat(base.stdlib()).isEqualTo(prefix.resolve("lib/python3.13"));
        assertThat(base.home()).isEqualTo(prefix.resolve("bin"));
        assertThat(base.minorVersion()).isEqualTo("3.13");
    }

    @Test
    void anInstallationWithoutItsStdlibWhereVenvExpectsItFallsBack() throws IOException {
        Path prefix = posixInstallation("lib/pypy3.10");

        assertThatThrownBy(() -> BaseInterpreter.recognize(prefix.resolve("bin/python3"), "3.10.14", prefix, prefix, LINUX))
                .isInstanceOf(BaseInterpreter.NotRecognized.class)
                .hasMessage("no standard library found at " + prefix.resolve("lib/python3.10"));
    }

    @Test
    void aFreeThreadedBuildFallsBackSayingSo() throws IOException {
        Path prefix = posixInstallation("lib/python3.13t");

        assertThatThrownBy(() -> BaseInterpreter.recognize(prefix.resolve("bin/python3"), "3.13.5", prefix, prefix, LINUX))
                .hasMessageContaining("free-threaded");
    }

    @Test
    void anInterpreterInsideAVenvFallsBack() throws IOException {
        Path prefix = posixInstallation("lib/python3.13");

        assertThatThrownBy(() -> BaseInterpreter.recognize(prefix.resolve("bin/python3"), "3.13.5", temp.resolve("venv"), prefix,
                LINUX)).hasMessageContaining("inside a virtual environment");
    }

    @Test
    void versionsBefore38FallBack() throws IOException {
        Path prefix = posixInstallation("lib/python3.7");

        assertThatThrownBy(() -> BaseInterpreter.recognize(prefix.resolve("bin/python3"), "3.7.16", prefix, prefix, LINUX))
                .hasMessageContaining("older than 3.8");
    }

    @Test
    void sixtyFourBitComesFromTheElfClass() throws IOException {
        Path elf64 = Files.write(temp.resolve("elf64"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        Path elf32 = Files.write(temp.resolve("elf32"), new byte[] {0x7f, 'E', 'L', 'F', 1, 1, 1});

        assertThat(BaseInterpreter.is64Bit(elf64, LINUX)).isTrue();
        assertThat(BaseInterpreter.is64Bit(elf32, LINUX)).isFalse();
    }

    private Path posixInstallation(String stdlib) throws IOException {
        Path prefix = temp.resolve("python");
        Files.createDirectories(prefix.resolve(stdlib));
        Files.writeString(prefix.resolve(stdlib).resolve("os.py"), "# os\n");
        Files.createDirectories(prefix.resolve("bin"));
        Files.write(prefix.resolve("bin/python3"), new byte[] {0x7f, 'E', 'L', 'F', 2});
        return prefix;
    }
}
