package io.beep.python.workers;

import io.beep.python.ProcessResult;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.testing.RealPackageIndex;
import io.beep.python.testing.TestPython;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real venv of the test CPython with numpy installed by pip from the machine's package index, made once under
 * {@code target/} and reused by later runs (it is only read). Tests of the numpy path call {@link #python()}: it
 * skips them, printing why, when the index is not reachable or the install fails.
 */
final class NumpyVenv {

    private static final Path ROOT = Path.of("target", "numpy-venv").toAbsolutePath();
    private static Path python;
    private static String failure;

    private NumpyVenv() {
    }

    static synchronized Path python() {
        if (python == null && failure == null) {
            failure = make();
        }
        if (failure != null) {
            System.out.println("SKIPPED: " + failure);
        }
        Assumptions.assumeTrue(failure == null, failure);
        return python;
    }

    private static String make() {
        Path candidate = ROOT.resolve("bin/python");
        if (Files.isExecutable(candidate) && run(List.of(candidate.toString(), "-c", "import numpy")).ok()) {
            python = candidate;
            return null;
        }
        if (!RealPackageIndex.isReachable()) {
            return "numpy needs the package index, which is not reachable";
        }
        ProcessResult venv = run(List.of(TestPython.executable().toString(), "-m", "venv", "--clear", ROOT.toString()));
        if (!venv.ok()) {
            return "python -m venv failed: " + venv.stderr();
        }
        ProcessResult pip = run(List.of(candidate.toString(), "-m", "pip", "install", "--disable-pip-version-check", "--quiet", "numpy"));
        if (!pip.ok()) {
            return "pip install numpy failed: " + pip.stderr().strip().lines().reduce((a, b) -> b).orElse("");
        }
        python = candidate;
        return null;
    }

    private static ProcessResult run(List<String> argv) {
        return new ProcessRunner().run(ProcessSpec.of(argv).withTimeout(Duration.ofMinutes(5)));
    }
}
