package io.beep.python;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Python environment: an interpreter, usually a virtual environment on top of it, and the
 * packages installed into it. Inject the default one with {@code @Inject PythonEnvironment python;}
 * and a named one with {@code @Inject @PythonEnv("ml") PythonEnvironment ml;}.
 * <p>
 * {@link #status()}, {@link #isReady()} and {@link #name()} never block. Every other method needs a
 * ready environment: it waits for the bootstrap up to the configured time-out and throws
 * {@link PythonBootstrapException} naming the stage and the cause when the bootstrap failed.
 */
public interface PythonEnvironment {

    /** The environment's name; {@code default} for the unnamed one. */
    String name();

    /** Where the bootstrap stands: stage, percent, message, error. Never blocks. */
    EnvironmentStatus status();

    /** True once the bootstrap has completed successfully. */
    boolean isReady();

    /** Waits until ready; throws {@link PythonBootstrapException} on failure or when {@code timeout} passes. */
    PythonEnvironment awaitReady(Duration timeout);

    /** The venv's python executable (or the base interpreter when the venv is disabled). */
    Path interpreter();

    /** The venv root (or the interpreter's prefix when the venv is disabled). */
    Path location();

    /** The full interpreter version, e.g. {@code 3.13.5}. */
    String pythonVersion();

    /** Installed distributions, normalized name (PEP 503) to version, read from the environment. */
    Map<String, String> installedPackages();

    /** Runs {@code python ARGS}, waits with the default time-out, and captures the output. */
    ProcessResult run(String... args);

    /** Runs {@code python ARGS}, waits at most {@code timeout} (then kills it), and captures the output. */
    ProcessResult run(List<String> args, Duration timeout);

    /** Runs {@code python -c CODE}. */
    ProcessResult exec(String code);

    /** A process builder for {@code python ARGS} with {@code VIRTUAL_ENV} and {@code PATH} set, for streaming use. */
    ProcessBuilder processBuilder(String... args);

    /** Installs more requirements (PEP 508 strings) at run time, in one installer invocation. */
    InstallResult install(String... requirements);
}
