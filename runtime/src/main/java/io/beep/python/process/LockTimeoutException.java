package io.beep.python.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/** {@link InterProcessLock} gave up: the lock stayed held for longer than the wait limit. */
public final class LockTimeoutException extends ProcessRoomException {

    private final transient Path lockFile;
    private final long holderPid;
    private final Duration waited;

    LockTimeoutException(Path lockFile, String holder, long holderPid, Duration waited) {
        super(lockFile.toString(), "Gave up waiting for the lock '" + lockFile + "' after " + Durations.human(waited) + ": it is held by "
                + holder + ". If that process is stuck, stop it (its lock goes with it) and try again.", null);
        this.lockFile = lockFile;
        this.holderPid = holderPid;
        this.waited = waited;
    }

    /** The lock file waited for. */
    public Path lockFile() {
        return lockFile;
    }

    /** The process id of the holder, when it wrote one. */
    public OptionalLong holderPid() {
        return holderPid > 0 ? OptionalLong.of(holderPid) : OptionalLong.empty();
    }

    /** How long the wait lasted: its limit. */
    public Duration waited() {
        return waited;
    }
}
