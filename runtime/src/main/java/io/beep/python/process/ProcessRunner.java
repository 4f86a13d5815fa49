package io.beep.python.process;

import io.beep.python.ProcessResult;
import io.beep.python.PythonProcessException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The one way this extension runs a process (Python, pip, uv): an argv list, a cleaned environment,
 * a time-out that kills the whole process tree, both output streams captured concurrently, and
 * cancellation. A {@link ProcessObserver} given to {@link #observedBy} hears of every process it
 * starts, so that tests and benchmarks can prove that a warm start spawns none.
 */
public final class ProcessRunner {

    /**
     * Variables that would make a child Python look at another installation than the one we chose,
     * run code we did not ask for, wait for a terminal, or send pip's installs somewhere else than
     * the environment. The rest of {@code PIP_*} (index, proxy, certificates, {@code PIP_CONFIG_FILE})
     * stays: it is the user's pip configuration and we honour it. A {@link ProcessSpec} that sets one
     * of these on purpose still does.
     */
    static final List<String> REMOVED_VARIABLES = List.of("PYTHONHOME", "PYTHONPATH", "PYTHONSTARTUP", "PYTHONUSERBASE",
            "PYTHONEXECUTABLE", "VIRTUAL_ENV", "__PYVENV_LAUNCHER__", "CONDA_PREFIX", "CONDA_DEFAULT_ENV",
            "PYTHONNOUSERSITE", "PYTHONINSPECT", "PYTHONPLATLIBDIR", "PYTHONSAFEPATH", "PYTHONBREAKPOINT", "PYTHONVERBOSE",
            "PYTHONDEBUG", "PYTHONCASEOK", "UV_PYTHON", "UV_SYSTEM_PYTHON", "UV_TARGET", "UV_PREFIX",
            "PIP_TARGET", "PIP_PREFIX", "PIP_ROOT", "PIP_USER", "PIP_REQUIRE_VIRTUALENV", "PIP_EDITABLE", "PIP_SRC");

    /** Output beyond this many bytes per stream is dropped, so a chatty process cannot exhaust the heap. */
    public static final int MAX_CAPTURE_BYTES = 16 * 1024 * 1024;

    private final ProcessObserver observer;

    /** A runner that tells no one about the processes it starts. */
    public ProcessRunner() {
        this(spec -> {
        });
    }

    private ProcessRunner(ProcessObserver observer) {
        this.observer = observer;
    }

    /** A runner that tells {@code observer} about every process it starts: for tests and benchmarks that count them. */
    public static ProcessRunner observedBy(ProcessObserver observer) {
        return new ProcessRunner(Objects.requireNonNull(observer, "observer"));
    }

    /** A process builder for {@code spec} with the cleaned environment, for callers that stream output themselves. */
    public ProcessBuilder builder(ProcessSpec spec) {
        ProcessBuilder builder = new ProcessBuilder(spec.command());
        spec.directory().ifPresent(dir -> builder.directory(dir.toFile()));
        Map<String, String> env = builder.environment();
        REMOVED_VARIABLES.forEach(env::remove);
        // Decode what Python prints the same way on every platform and locale.
        env.put("PYTHONUTF8", "1");
        env.put("PYTHONIOENCODING", "utf-8");
        env.putAll(spec.environment());
        return builder;
    }

    public ProcessResult run(ProcessSpec spec) {
        return run(spec, Cancellation.none());
    }

    /**
     * Runs {@code spec} to completion and captures its output. A non-zero exit code is a normal
     * result; a process that cannot start, runs past its time-out or is cancelled raises
     * {@link PythonProcessException} (the latter two after killing the process tree).
     */
    public ProcessResult run(ProcessSpec spec, Cancellation cancellation) {
        return run(spec, cancellation, line -> {
        });
    }

    /**
     * As {@link #run(ProcessSpec, Cancellation)}, and every complete line of either stream goes to {@code lines} as it
     * arrives (on the reader threads), for callers that report what an installer says while it works.
     */
    public ProcessResult run(ProcessSpec spec, Cancellation cancellation, Consumer<String> lines) {
        long begin = System.nanoTime();
        Process process;
        try {
            process = builder(spec).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new PythonProcessException("Cannot start " + spec.command().get(0) + ": " + e.getMessage(), spec.command(), null, e);
        }
        observer.started(spec);
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // The child may already have exited; it reads no input from us anyway.
        }
        CompletableFuture<String> stdout = capture(process.getInputStream(), lines);
        CompletableFuture<String> stderr = capture(process.getErrorStream(), lines);
        try (AutoCloseable ignored = cancellation.onCancel(() -> kill(process))) {
            boolean finished = process.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                kill(process);
                ProcessResult partial = result(-1, stdout, stderr, begin);
                throw new PythonProcessException(spec.command().get(0) + " did not finish within " + Durations.human(spec.timeout())
                        + " and was stopped", spec.command(), partial);
            }
            ProcessResult result = result(process.exitValue(), stdout, stderr, begin);
            if (cancellation.isCancelled()) {
                throw new PythonProcessException(spec.command().get(0) + " was cancelled", spec.command(), result);
            }
            return result;
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new PythonProcessException(spec.command().get(0) + " was interrupted", spec.command(), null, e);
        } catch (PythonProcessException e) {
            throw e;
        } catch (Exception e) {
            throw new PythonProcessException(spec.command().get(0) + " failed: " + e.getMessage(), spec.command(), null, e);
        }
    }

    private static ProcessResult result(int exitCode, CompletableFuture<String> stdout, CompletableFuture<String> stderr, long begin) {
        return new ProcessResult(exitCode, await(stdout), await(stderr), Duration.ofNanos(System.nanoTime() - begin));
    }

    private static String await(CompletableFuture<String> output) {
        try {
            return output.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } catch (ExecutionException | TimeoutException e) {
            // A grandchild kept the pipe open after the process died; report what we have.
            return "";
        }
    }

    private static CompletableFuture<String> capture(InputStream stream, Consumer<String> lines) {
        CompletableFuture<String> future = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream();
                LineSplitter splitter = new LineSplitter(lines);
                byte[] chunk = new byte[8192];
                int n;
                while ((n = stream.read(chunk)) >= 0) {
                    int room = MAX_CAPTURE_BYTES - buffer.size();
                    if (room > 0) {
                        buffer.write(chunk, 0, Math.min(n, room));
                    }
                    splitter.accept(chunk, n);
                }
                splitter.flush();
                future.complete(buffer.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                future.complete("");
            }
        }, "beep-python-output");
        reader.setDaemon(true);
        reader.start();
        return future;
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
