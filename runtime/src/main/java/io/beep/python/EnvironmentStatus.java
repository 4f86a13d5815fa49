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
 * @param bytesDone  bytes downloaded so far while provisioning an interpreter (or written out of its archive while
 *                   unpacking it), or downloaded by the installer while installing packages, else 0
 * @param bytesTotal the total of those bytes, -1 when unknown, else 0
 * @param itemsDone  while installing packages: the packages the installer has handled so far, else 0
 * @param itemsTotal while installing packages: the packages it installs, -1 until it has said, else 0
 */
public record EnvironmentStatus(BootstrapStage stage, int percent, String message, Optional<String> error, long bytesDone,
        long bytesTotal, int itemsDone, int itemsTotal) {

    public EnvironmentStatus {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(error, "error");
        message = message == null ? "" : message;
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be within 0-100: " + percent);
        }
    }

    /** A status that counts no packages. */
    public EnvironmentStatus(BootstrapStage stage, int percent, String message, Optional<String> error, long bytesDone, long bytesTotal) {
        this(stage, percent, message, error, bytesDone, bytesTotal, 0, 0);
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
