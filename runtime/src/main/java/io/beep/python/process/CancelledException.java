package io.beep.python.process;

import java.util.Optional;

/**
 * Work stopped because its {@link Cancellation} fired: says why it was cancelled and, when it was
 * waiting for something (a lock), what it was waiting for.
 */
public final class CancelledException extends ProcessRoomException {

    private final String reason;
    private final String during;

    CancelledException(String reason, String during) {
        super(null, during == null ? "Cancelled: " + reason : "Cancelled while " + during + ": " + reason, null);
        this.reason = reason;
        this.during = during;
    }

    /** Why the work was cancelled, as given to {@link Cancellation#cancel(String)}. */
    public String reason() {
        return reason;
    }

    /** What the work was doing when it stopped ({@code waiting for the lock '...' held by process 42}), if known. */
    public Optional<String> during() {
        return Optional.ofNullable(during);
    }
}
