package io.beep.python.process;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A cancellation signal shared by one piece of long work (a bootstrap, a download, an install).
 * Running processes and downloads register a callback so that {@link #cancel()} stops them at once
 * instead of at their next check.
 */
public final class Cancellation {

    private static final String NO_REASON = "cancelled by its caller";

    private volatile String reason;
    private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();

    /** A signal that is never cancelled, for callers that need none. */
    public static Cancellation none() {
        return new Cancellation();
    }

    public void cancel() {
        cancel(NO_REASON);
    }

    /** Cancels, saying why ({@code "the time limit of 15m passed"}); the first reason given stays. */
    public void cancel(String why) {
        synchronized (this) {
            if (reason == null) {
                reason = why == null || why.isBlank() ? NO_REASON : why;
            }
        }
        for (Runnable callback : callbacks) {
            callback.run();
        }
    }

    public boolean isCancelled() {
        return reason != null;
    }

    /** Why it was cancelled; empty text while it is not. */
    public String reason() {
        String why = reason;
        return why == null ? "" : why;
    }

    /** Registers {@code callback} to run on cancellation (at once if already cancelled); the returned handle removes it. */
    public AutoCloseable onCancel(Runnable callback) {
        callbacks.add(callback);
        if (isCancelled()) {
            callback.run();
        }
        return () -> callbacks.remove(callback);
    }

    /** Throws {@link CancelledException} when cancelled. */
    public void throwIfCancelled() {
        throwIfCancelled(null);
    }

    /** Throws {@link CancelledException} when cancelled, saying what was going on ({@code during}, e.g. "waiting for ..."). */
    void throwIfCancelled(String during) {
        String why = reason;
        if (why != null) {
            throw new CancelledException(why, during);
        }
    }

    /** The exception for a wait that was interrupted rather than cancelled; the caller restores the interrupt flag. */
    static CancelledException interrupted(String during) {
        return new CancelledException("the waiting thread was interrupted", during);
    }
}
