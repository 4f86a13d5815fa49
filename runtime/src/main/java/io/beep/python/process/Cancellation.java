package io.beep.python.process;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A cancellation signal shared by one piece of long work (a bootstrap, a download, an install).
 * Running processes and downloads register a callback so that {@link #cancel()} stops them at once
 * instead of at their next check.
 */
public final class Cancellation {

    private volatile boolean cancelled;
    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();

    /** A signal that is never cancelled, for callers that need none. */
    public static Cancellation none() {
        return new Cancellation();
    }

    public void cancel() {
        cancelled = true;
        for (Runnable callback : callbacks) {
            callback.run();
        }
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Registers {@code callback} to run on cancellation (at once if already cancelled); the returned handle removes it. */
    public AutoCloseable onCancel(Runnable callback) {
        callbacks.add(callback);
        if (cancelled) {
            callback.run();
        }
        return () -> callbacks.remove(callback);
    }

    /** Throws when cancelled, attributing the stop to {@code stage}. */
    public void throwIfCancelled(BootstrapStage stage) {
        if (cancelled) {
            throw new CancelledException(stage);
        }
    }

    /** Raised when work stops because it was cancelled. */
    public static final class CancelledException extends PythonBootstrapException {
        public CancelledException(BootstrapStage stage) {
            super(stage, null, "Cancelled during " + stage);
        }
    }
}
