package io.beep.python.registry;

import io.beep.python.PythonProcessException;
import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@code probe.py} in interpreters, several at a time, each bounded by a time-out, and turns
 * what they print into {@link ProbeResult}s, or into the reason they are not working Pythons.
 */
final class Interrogator {

    /** One probe's outcome: a result, or why there is none. */
    record Outcome(ProbeResult result, String failure) {
        boolean ok() {
            return result != null;
        }
    }

    private static final String SCRIPT = load();

    private final Path scriptDir;
    private final ProcessRunner runner;
    private final ObjectMapper json;
    private final Duration timeout;
    private final int parallelism;

    /** {@code scriptDir} receives the probe script (a file, not {@code -c}: Windows mangles quotes in argv). */
    Interrogator(Path scriptDir, ProcessRunner runner, ObjectMapper json, Duration timeout, int parallelism) {
        this.scriptDir = scriptDir;
        this.runner = runner;
        this.json = json;
        this.timeout = timeout;
        this.parallelism = parallelism;
    }

    /** Probes one interpreter. */
    Outcome probe(Path executable) {
        return probe(executable, Cancellation.none());
    }

    private Outcome probe(Path executable, Cancellation cancellation) {
        // -E -s: ignore PYTHON* variables and the user site, so we see the interpreter, not this shell;
        // both exist on 2.7 (unlike -I), which must still be listed.
        ProcessSpec spec = ProcessSpec.of(executable.toString(), "-E", "-s", script().toString()).withTimeout(timeout);
        io.beep.python.ProcessResult result;
        try {
            result = runner.run(spec, cancellation);
        } catch (PythonProcessException e) {
            return new Outcome(null, e.getMessage());
        }
        if (!result.ok()) {
            String stderr = result.stderr().strip();
            String last = stderr.isEmpty() ? "no output" : stderr.lines().reduce((a, b) -> b).orElse(stderr);
            return new Outcome(null, "exited with code " + result.exitCode() + ": " + last);
        }
        try {
            String out = result.stdout().strip();
            String lastLine = out.lines().reduce((a, b) -> b).orElse("");
            ProbeResult probe = json.readValue(lastLine, ProbeResult.class);
            if (probe.version() == null || probe.prefix() == null) {
                return new Outcome(null, "printed no version or prefix: " + abbreviate(out));
            }
            return new Outcome(probe, null);
        } catch (IOException e) {
            return new Outcome(null, "printed no description of itself: " + abbreviate(result.stdout().strip()));
        }
    }

    /**
     * Probes all {@code executables}, at most {@code parallelism} at once; outcomes in the same order.
     * Cancellation kills the running probes and throws, so that no "was cancelled" outcome is mistaken
     * for a broken interpreter and cached.
     */
    List<Outcome> probeAll(List<Path> executables, Cancellation cancellation) {
        cancellation.throwIfCancelled();
        if (executables.size() <= 1) {
            List<Outcome> one = executables.stream().map(exe -> probe(exe, cancellation)).toList();
            cancellation.throwIfCancelled();
            return one;
        }
        AtomicInteger counter = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, executables.size()), task -> {
            Thread thread = new Thread(task, "beep-python-probe-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (Path exe : executables) {
                futures.add(pool.submit(() -> probe(exe, cancellation)));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> future : futures) {
                outcomes.add(future.get());
            }
            cancellation.throwIfCancelled();
            return outcomes;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while interrogating interpreters", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Interrogating interpreters failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The probe script on disk, named by a hash of its text so that a changed script is written anew. */
    private synchronized Path script() {
        String name = "registry-probe-" + Integer.toHexString(SCRIPT.hashCode()) + ".py";
        Path file = scriptDir.resolve(name);
        if (Files.isRegularFile(file)) {
            return file;
        }
        try {
            Files.createDirectories(scriptDir);
            Path temp = Files.createTempFile(scriptDir, name, ".tmp");
            Files.writeString(temp, SCRIPT);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the interpreter probe script to " + scriptDir, e);
        }
    }

    private static String abbreviate(String text) {
        return text.isEmpty() ? "(nothing)" : text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    private static String load() {
        try (InputStream in = Interrogator.class.getResourceAsStream("probe.py")) {
            if (in == null) {
                throw new IllegalStateException("probe.py is missing from the io.beep.python.registry resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
