package io.beep.python.packages;

import io.beep.python.ProcessResult;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.registry.PythonRuntimeInfo;
import io.beep.python.registry.PythonRuntimeRegistry;
import io.beep.python.testing.TestPython;
import io.beep.python.venv.VirtualEnv;
import io.beep.python.venv.VirtualEnvironments;
import io.beep.python.process.Cancellation;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real virtual environment made with a base interpreter's {@code python -m venv} in a test's
 * temporary directory. The base is the shared test CPython ({@link TestPython}, the
 * {@code org.bytedeco:cpython} build provisioned from the local Maven repository); a pyenv CPython
 * 3.13/3.12 is used only if that cannot be provisioned, and the test is skipped, with a printed
 * reason, when neither exists.
 */
record TestVenv(Path root, Path python, Path sitePackages, Path base) {

    static final List<String> CANDIDATES = List.of("3.13", "3.12");

    /** The base interpreter's installation prefix (the directory holding {@code bin/python3}). */
    static Path baseInterpreterPrefix() {
        try {
            return TestPython.executable().getParent().getParent();
        } catch (RuntimeException e) {
            System.out.println("Test CPython unavailable (" + e.getMessage() + "); trying pyenv");
        }
        Path versions = Path.of(System.getProperty("user.home"), ".pyenv", "versions");
        for (String wanted : CANDIDATES) {
            try (Stream<Path> dirs = Files.isDirectory(versions) ? Files.list(versions) : Stream.empty()) {
                Optional<Path> found = dirs.filter(d -> d.getFileName().toString().startsWith(wanted + "."))
                        .filter(d -> Files.isExecutable(d.resolve("bin/python3"))).sorted().findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        System.out.println("SKIPPED: no test CPython and no pyenv CPython 3.12/3.13 under " + versions);
        Assumptions.assumeTrue(false, "no test CPython and no pyenv CPython 3.12/3.13 under " + versions);
        return null;
    }

    /** Creates a venv with pip at {@code root}. */
    static TestVenv create(Path root) {
        return create(root, true);
    }

    /** Creates a venv at {@code root}, with or without pip (uv needs none). */
    static TestVenv create(Path root, boolean withPip) {
        Path prefix = baseInterpreterPrefix();
        List<String> argv = new java.util.ArrayList<>(List.of(prefix.resolve("bin/python3").toString(), "-m", "venv"));
        if (!withPip) {
            argv.add("--without-pip");
        }
        argv.add(root.toString());
        ProcessResult made = new ProcessRunner().run(ProcessSpec.of(argv).withTimeout(Duration.ofMinutes(2)));
        if (!made.ok()) {
            throw new IllegalStateException("venv failed: " + made.stderr());
        }
        Path python = root.resolve("bin/python");
        try (Stream<Path> libs = Files.list(root.resolve("lib"))) {
            Path site = libs.filter(p -> p.getFileName().toString().startsWith("python")).findFirst().orElseThrow()
                    .resolve("site-packages");
            return new TestVenv(root, python, site, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The seed cache and interrogation cache of {@link #ours}: under target/ (shared by this module's
     * test JVMs, which the seed cache's own lock allows), so pip is unpacked and compiled once per build.
     */
    static final Path OUR_HOME = Path.of("target", "test-venv-home").toAbsolutePath();

    private static PythonRuntimeInfo baseInfo;

    /**
     * Creates a venv at {@code root} with the project's own venv code, as the bootstrap does: pip
     * hard-linked from the seed cache, about 0.3 s where {@code python -m venv} with pip takes about
     * 3.5 s. Without pip (uv needs none) it is the bare venv. For tests of installers, which only
     * need a venv that Python and pip accept; {@code NativeVenvMatchesStdlibTest} proves it is one.
     */
    static TestVenv ours(Path root) {
        return ours(root, true);
    }

    /** As {@link #ours(Path)}, with or without pip. */
    static TestVenv ours(Path root, boolean withPip) {
        return ours(root, withPip, new ProcessRunner());
    }

    /** As {@link #ours(Path, boolean)}, starting whatever it starts (the seed cache's first compile) through {@code runner}. */
    static TestVenv ours(Path root, boolean withPip, ProcessRunner runner) {
        VirtualEnvironments venvs = new VirtualEnvironments(runner, OUR_HOME);
        VirtualEnv made = withPip ? venvs.create(baseInfo(), root) : venvs.createBare(baseInfo(), root, Cancellation.none());
        return new TestVenv(made.root(), made.python(), made.sitePackages(), baseInterpreterPrefix());
    }

    /** The base interpreter interrogated once per JVM (a process start each time otherwise). */
    private static synchronized PythonRuntimeInfo baseInfo() {
        if (baseInfo == null) {
            baseInfo = new PythonRuntimeRegistry(OUR_HOME, new ProcessRunner()).interrogate(baseInterpreterPrefix().resolve("bin/python3"));
        }
        return baseInfo;
    }

    /** Runs {@code python -c code} in the venv. */
    ProcessResult exec(String code) {
        return new ProcessRunner().run(ProcessSpec.of(python.toString(), "-c", code));
    }

    /** A pip invocation run directly, bypassing our installers (to arrange a test). */
    ProcessResult pip(String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of(python.toString(), "-m", "pip", "--disable-pip-version-check"));
        argv.addAll(List.of(args));
        return new ProcessRunner().run(ProcessSpec.of(argv).withTimeout(Duration.ofMinutes(5)));
    }
}
