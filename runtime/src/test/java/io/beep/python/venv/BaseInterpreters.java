package io.beep.python.venv;

import io.beep.python.process.ProcessRunner;
import io.beep.python.registry.PythonRuntimeInfo;
import io.beep.python.registry.PythonRuntimeRegistry;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The real interpreters the venv tests run: pyenv's, skipped with a printed reason when absent. */
final class BaseInterpreters {

    static final Path PYENV = Path.of(System.getProperty("user.home"), ".pyenv", "versions");

    /** CPython versions this machine may have under pyenv, newest first. */
    static final List<String> VERSIONS = List.of("3.13.0", "3.12.1", "3.11.7", "3.10.13", "3.9.18", "3.8.18");

    private BaseInterpreters() {
    }

    static Path pyenvExecutable(String version) {
        return PYENV.resolve(version).resolve("bin").resolve("python3");
    }

    /** Interrogates pyenv's {@code version}, or skips the test saying why. */
    static PythonRuntimeInfo pyenv(String version, Path home, ProcessRunner runner) {
        Path executable = pyenvExecutable(version);
        boolean present = Files.isExecutable(executable);
        Assumptions.assumeTrue(present, "pyenv CPython " + version + " is not installed at " + executable);
        return new PythonRuntimeRegistry(home, runner).interrogate(executable);
    }

    /** Debian's own CPython: ensurepip unbundled, its wheels in {@code /usr/share/python-wheels}. */
    static final Path DEBIAN = Path.of("/usr/bin/python3");

    /** Every CPython 3.8+ on this machine the comparison can run: pyenv's and Debian's. */
    static Stream<Path> availableExecutables() {
        return present(Stream.concat(VERSIONS.stream().map(BaseInterpreters::pyenvExecutable), Stream.of(DEBIAN)).toList());
    }

    /**
     * The executable ones among {@code candidates}; none aborts the parameterized test with the
     * places looked at. An empty argument list is not a skip: JUnit reports it as a failure.
     */
    static Stream<Path> present(List<Path> candidates) {
        List<Path> present = candidates.stream().filter(Files::isExecutable).toList();
        Assumptions.assumeFalse(present.isEmpty(), () -> "no CPython to compare with: none of " + candidates + " is installed");
        return present.stream();
    }
}
