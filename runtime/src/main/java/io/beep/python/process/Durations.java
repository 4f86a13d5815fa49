package io.beep.python.process;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations as people write them in messages and logs: {@code 15m}, {@code 1m30s}, {@code 2.5s},
 * {@code 340 ms}. One format everywhere, so that a time limit in an error reads like the
 * {@code 15M} a user configured and a log line like the limit it is compared with.
 */
public final class Durations {

    private Durations() {
    }

    /** {@code duration} to the millisecond: {@code 15m}, {@code 1m30s}, {@code 2.5s}; below a second {@code 340 ms}. */
    public static String human(Duration duration) {
        Duration millis = duration.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        if (!millis.isNegative() && millis.compareTo(Duration.ofSeconds(1)) < 0) {
            return millis.toMillis() + " ms";
        }
        return millis.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    /** The time since {@code startNanos} (a {@link System#nanoTime()} reading), as {@link #human(Duration)} writes it. */
    public static String since(long startNanos) {
        return human(Duration.ofNanos(System.nanoTime() - startNanos));
    }
}
