package io.beep.python.workers;

import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The W3C {@code traceparent} that goes with the calls made on this thread, while {@link #with} runs. A thread-bound
 * value rather than a parameter of every call method: {@link io.beep.python.PythonWorkers} stays the user's API, and
 * both call modes read it where the call is submitted, on the caller's thread ({@link WorkerPool} into the request
 * frame, {@code InProcessWorkers} into the context variable the call runs with).
 */
public final class CallTraceparent {

    /** version 00, a 32-hex trace id, a 16-hex parent id, 2-hex flags (W3C Trace Context, level 1). */
    private static final Pattern TRACEPARENT = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private CallTraceparent() {
    }

    /**
     * Runs {@code call} with {@code traceparent} sent along with the calls it makes. A null or malformed value sends none:
     * Python code would otherwise continue a trace nobody can find.
     */
    public static <T> T with(String traceparent, Supplier<T> call) {
        if (traceparent == null || !TRACEPARENT.matcher(traceparent).matches()) {
            return call.get();
        }
        String outer = CURRENT.get();
        CURRENT.set(traceparent);
        try {
            return call.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** The traceparent to send with a call made now on this thread, or null. */
    public static String current() {
        return CURRENT.get();
    }
}
