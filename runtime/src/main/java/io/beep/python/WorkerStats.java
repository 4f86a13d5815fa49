package io.beep.python;

/**
 * A pool's counters at one moment.
 *
 * @param alive    workers running now
 * @param size     workers the pool keeps
 * @param calls    calls completed (successfully or not) since the pool started
 * @param failures calls that failed (Python exception, worker death, time-out, rejection)
 * @param queued   calls waiting for a worker
 */
public record WorkerStats(int alive, int size, long calls, long failures, int queued) {
}
