package io.beep.python.provision;

import io.beep.python.ProcessResult;
import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import io.beep.python.registry.InterpreterProbe;
import io.beep.python.registry.ProbeResult;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Proves an unpacked interpreter works before it is moved into place: it must start, describe
 * itself through the registry's probe, and import {@code ssl}, {@code ctypes}, {@code venv} and
 * {@code sqlite3} when its build has them (a module that exists but fails to load means a missing system
 * library, not a leaner build).
 */
final class InterpreterCheck {

    static final List<String> REQUIRED_WHEN_PRESENT = List.of("ssl", "ctypes", "venv", "sqlite3");

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final InterpreterProbe probe;
    private final ProcessRunner runner;

    InterpreterCheck(Path home, ProcessRunner runner) {
        this.probe = new InterpreterProbe(home, runner, TIMEOUT);
        this.runner = runner;
    }

    /** Runs the interpreter; throws {@link IOException} with its output when it does not work. */
    ProbeResult inspect(Path executable, Cancellation cancellation) throws IOException {
        ProbeResult report;
        try {
            report = probe.describe(executable, REQUIRED_WHEN_PRESENT, cancellation);
        } catch (InterpreterProbe.Failure e) {
            if (e.exitCode().isPresent()) {
                throw new IOException("the unpacked interpreter does not start (exit " + e.exitCode().getAsInt() + "): "
                        + tail(e.stderr()), e);
            }
            throw new IOException("the unpacked interpreter failed its probe: " + e.getMessage(), e);
        }
        for (String name : REQUIRED_WHEN_PRESENT) {
            String state = report.imports().getOrDefault(name, "absent");
            if (state.startsWith("broken")) {
                throw new IOException("the unpacked interpreter cannot import " + name + " (" + state + ")");
            }
        }
        return report;
    }

    /** Installs pip with the interpreter's own {@code ensurepip}, offline from its bundled wheel. */
    void ensurePip(Path executable, Cancellation cancellation) throws IOException {
        ProcessResult result = runner.run(ProcessSpec.of(executable.toString(), "-I", "-m", "ensurepip", "--default-pip")
                .withTimeout(TIMEOUT), cancellation);
        if (result.exitCode() != 0) {
            throw new IOException("ensurepip failed (exit " + result.exitCode() + "): " + tail(result.stderr()));
        }
    }

    private static String tail(String text) {
        String trimmed = text == null ? "" : text.strip();
        return trimmed.length() <= 800 ? trimmed : "..." + trimmed.substring(trimmed.length() - 800);
    }
}
