package io.beep.python.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real CPython already on this machine (pyenv or Debian's), for tests about using an existing
 * interpreter. Tests that need one are skipped, saying why, when there is none. Never install
 * packages into it: make a venv.
 */
public final class MachinePython {

    private MachinePython() {
    }

    /** The first of pyenv 3.12.1, pyenv 3.13.0, /usr/bin/python3 that exists. */
    public static Path find() {
        String home = System.getProperty("user.home");
        for (String candidate : List.of(home + "/.pyenv/versions/3.12.1/bin/python3", home + "/.pyenv/versions/3.13.0/bin/python3",
                "/usr/bin/python3")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        Assumptions.abort("No CPython on this machine (looked in ~/.pyenv/versions and /usr/bin); skipping");
        return null;
    }
}
