package io.beep.python.registry;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real interpreters of this machine that tests run; a test needing an absent one is skipped with the reason. */
final class MachineInterpreters {

    static final Path PYENV_VERSIONS = Path.of(System.getProperty("user.home"), ".pyenv", "versions");
    static final Path DEBIAN_PYTHON = Path.of("/usr/bin/python3");

    private MachineInterpreters() {
    }

    /** {@code ~/.pyenv/versions/<version>/bin/python}, or the test is skipped. */
    static Path pyenv(String version) {
        Path exe = PYENV_VERSIONS.resolve(version).resolve("bin").resolve("python");
        Assumptions.assumeTrue(Files.isExecutable(exe), "pyenv Python " + version + " is not installed at " + exe);
        return exe;
    }

    /** Any working Python 3.8+ for tests that only need one to link to. */
    static Path anyModernPython() {
        for (String version : new String[] { "3.12.1", "3.13.0", "3.11.7", "3.10.13" }) {
            Path exe = PYENV_VERSIONS.resolve(version).resolve("bin").resolve("python");
            if (Files.isExecutable(exe)) {
                return exe;
            }
        }
        Assumptions.assumeTrue(Files.isExecutable(DEBIAN_PYTHON), "no Python 3.8+ on this machine");
        return DEBIAN_PYTHON;
    }

    static Path debianPython() {
        Assumptions.assumeTrue(Files.isExecutable(DEBIAN_PYTHON), DEBIAN_PYTHON + " is absent");
        return DEBIAN_PYTHON;
    }
}
