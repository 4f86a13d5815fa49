package io.beep.python.process;

/**
 * Told about every process a {@link ProcessRunner} starts, before it runs: lets tests and
 * benchmarks count processes (a warm start must spawn none) without the runner keeping counters.
 */
@FunctionalInterface
public interface ProcessObserver {

    /** Called on the starting thread once the process for {@code spec} has started. */
    void started(ProcessSpec spec);
}
