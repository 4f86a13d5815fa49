package io.beep.python.workers;

/**
 * Where an environment's {@code workers()} run its Python functions. The {@code PythonWorkers} API is
 * the same in both; only isolation and cost differ.
 */
public enum WorkerMode {
    /** Long-lived CPython worker processes: a crash or a stuck C call costs one worker, never the JVM. */
    PROCESS,
    /** CPython loaded into the JVM (the bytedeco build's bindings): sub-microsecond calls, arrays without copies through a pipe,
     * and no isolation: a crash in a C extension takes the JVM down. */
    IN_PROCESS
}
