package io.beep.python.registry;

import io.beep.python.PythonProcessException;
import io.beep.python.process.Cancellation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Probes interpreters several at a time, each bounded by the probe's time-out, and keeps for each
 * its {@link ProbeResult} or the reason it is not a working Python.
 */
final class Interrogator {

    /** One probe's outcome: a result, or why there is none. */
    record Outcome(ProbeResult result, String failure) {
        boolean ok() {
            return result != null;
        }
    }

    private final InterpreterProbe probe;
    private final int parallelism;

    Interrogator(InterpreterProbe probe, int parallelism) {
        this.probe = probe;
        this.parallelism = parallelism;
    }

    /** Probes one interpreter. */
    Outcome probe(Path executable) {
        return probe(executable, Cancellation.none());
    }

    private Outcome probe(Path executable, Cancellation cancellation) {
        try {
            return new Outcome(probe.describe(executable, cancellation), null);
        } catch (InterpreterProbe.Failure e) {
            return new Outcome(null, e.getMessage());
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
}
