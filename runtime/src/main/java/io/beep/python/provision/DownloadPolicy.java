package io.beep.python.provision;

import java.time.Duration;

/**
 * How patiently downloads are made.
 *
 * @param connectTimeout  time to open a connection
 * @param readTimeout     longest silence, before the response headers or between body bytes
 * @param maxAttempts     attempts per file before giving up; an attempt that moved bytes resets the count
 * @param initialBackoff  pause after the first failure, doubled after each further one
 * @param maxBackoff      longest pause
 */
public record DownloadPolicy(Duration connectTimeout, Duration readTimeout, int maxAttempts, Duration initialBackoff,
        Duration maxBackoff) {

    public DownloadPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
    }

    public static DownloadPolicy defaults() {
        return new DownloadPolicy(Duration.ofSeconds(30), Duration.ofSeconds(60), 5, Duration.ofMillis(500), Duration.ofSeconds(15));
    }

    Duration backoff(int failures) {
        long millis = initialBackoff.toMillis() << Math.min(failures - 1, 20);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
