package io.beep.python;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A Python environment: an interpreter, usually a virtual environment on top of it, and the
 * packages installed into it. Inject the default one with {@code @Inject PythonEnvironment python;}
 * and a named one with {@code @Inject @PythonEnv("ml") PythonEnvironment ml;}.
 * <p>
 * {@link #status()}, {@link #isReady()} and {@link #name()} never block. Every other method needs a
 * ready environment: while it is still being made (startup {@code lazy} or {@code background}) the
 * method waits for it up to the bootstrap's time limit ({@code timeout}, 15 minutes by default),
 * and throws {@link PythonBootstrapException} naming the stage and the cause when the bootstrap
 * failed or did not finish in time.
 * <p>
 * Time limits: the bootstrap has its own ({@code timeout}); {@link #run(String...)} and
 * {@link #exec(String)} kill Python after the environment's {@code exec-timeout} (60 seconds by
 * default), counted from when Python starts; {@link #run(List, Duration)} takes its own limit.
 * <p>
 * Blocking: {@code run}, {@code exec} and {@code install} always block, and the accessors block
 * while the environment is not ready yet. Called on a thread that must not block (in Quarkus a
 * Vert.x event-loop thread) they fail at once, before doing anything, with the framework's error
 * (Quarkus: {@code BlockingOperationNotAllowedException}). Use {@link #runAsync(String...)} and
 * {@link #execAsync(String)} there.
 */
public interface PythonEnvironment {

    /** The environment's name; {@code default} for the unnamed one. */
    String name();

    /** Where the bootstrap stands: stage, percent, message, error, download bytes. Never blocks. */
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

    /** Installed distributions, normalized name (PEP 503) to version, read from the environment's metadata (no process). */
    Map<String, String> installedPackages();

    /** Runs {@code python ARGS}, waits at most the environment's {@code exec-timeout} (then kills it), and captures the output. */
    ProcessResult run(String... args);

    /** Runs {@code python ARGS}, waits at most {@code timeout} (then kills it), and captures the output. */
    ProcessResult run(List<String> args, Duration timeout);

    /** Runs {@code python -c CODE} with the environment's {@code exec-timeout}. */
    ProcessResult exec(String code);

    /** A process builder for {@code python ARGS} with {@code VIRTUAL_ENV} and {@code PATH} set, for streaming use. */
    ProcessBuilder processBuilder(String... args);

    /**
     * Installs more requirements (PEP 508 strings) at run time, in one installer invocation.
     * <p>
     * The environment is shared: every caller (every bean injecting it, every thread) sees the
     * installed packages from then on, including a changed version of one that was there. For an
     * environment of its own, a caller configures a named environment ({@code @PythonEnv("name")}).
     */
    InstallResult install(String... requirements);

    /**
     * {@link #run(String...)} without blocking the caller: waiting for readiness and for Python
     * happen on the environment's own threads, so it is safe on an event-loop thread. The stage
     * completes with the result, or exceptionally with the error {@code run} would throw.
     */
    CompletionStage<ProcessResult> runAsync(String... args);

    /** {@link #exec(String)} without blocking the caller; see {@link #runAsync(String...)}. */
    CompletionStage<ProcessResult> execAsync(String code);

    /**
     * The environment's warm worker pool: Python functions called without a process per call. The
     * workers start on the first call, or when the environment becomes ready if some modules are to
     * be preloaded.
     */
    PythonWorkers workers();
}
