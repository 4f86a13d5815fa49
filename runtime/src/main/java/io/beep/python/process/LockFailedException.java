package io.beep.python.process;

import java.io.IOException;
import java.nio.file.Path;

/** {@link InterProcessLock} could not create or lock its file (a read-only or missing directory, say). */
public final class LockFailedException extends ProcessRoomException {

    LockFailedException(Path lockFile, IOException cause) {
        super(lockFile.toString(), "Cannot lock '" + lockFile + "': " + cause.getMessage() + "; check that '" + lockFile.getParent()
                + "' is writable", cause);
    }
}
