package io.beep.python.testing;

import io.beep.python.process.ProcessObserver;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;

import java.util.concurrent.atomic.AtomicLong;

/** Counts the processes its {@link #runner()} starts: how tests prove that a warm path spawns none. */
public final class ProcessCounter implements ProcessObserver {

    private final AtomicLong started = new AtomicLong();
    private final ProcessRunner runner = ProcessRunner.observedBy(this);

    /** A runner whose every process this counter counts. */
    public ProcessRunner runner() {
        return runner;
    }

    /** How many processes {@link #runner()} has started. */
    public long count() {
        return started.get();
    }

    @Override
    public void started(ProcessSpec spec) {
        started.incrementAndGet();
    }
}
