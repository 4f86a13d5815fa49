package io.beep.python;

import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of an environment's bootstrap: where it is, how far, and why it failed. Byte progress
 * of a download is here, not in events: read it as often as you like, it never blocks.
 *
 * @param stage      the current stage
 * @param percent    0-100, never decreasing during one bootstrap
 * @param message    a short human-readable description of what is happening
 * @param error      one readable sentence naming the failed input, present only when {@code stage} is FAILED
 * @param bytesDone  bytes downloaded so far while provisioning an interpreter, else 0
 * @param bytesTotal bytes to download while provisioning, -1 when unknown, else 0
 */
public record EnvironmentStatus(BootstrapStage stage, int percent, String message, Optional<String> error, long bytesDone,
        long bytesTotal) {

    public EnvironmentStatus {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(error, "error");
        message = message == null ? "" : message;
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be within 0-100: " + percent);
        }
    }

    /** A status with no download in progress. */
    public EnvironmentStatus(BootstrapStage stage, int percent, String message, Optional<String> error) {
        this(stage, percent, message, error, 0, 0);
    }

    public static EnvironmentStatus pending() {
        return new EnvironmentStatus(BootstrapStage.INITIALIZING, 0, "Waiting to start", Optional.empty());
    }

    public boolean isReady() {
        return stage == BootstrapStage.COMPLETE;
    }

    public boolean isFailed() {
        return stage == BootstrapStage.FAILED;
    }
}
