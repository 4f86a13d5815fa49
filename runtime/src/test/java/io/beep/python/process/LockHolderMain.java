package io.beep.python.process;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Another process for {@link InterProcessLockTest}: takes the lock on {@code args[0]}, says so on
 * stdout ({@code locked pid=N}), and holds it until its stdin closes (the test closes it, or dies).
 */
public final class LockHolderMain {

    private LockHolderMain() {
    }

    public static void main(String[] args) throws IOException {
        try (InterProcessLock ignored = InterProcessLock.acquire(Path.of(args[0]))) {
            System.out.println("locked pid=" + ProcessHandle.current().pid());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Hold the lock until the parent closes our stdin.
            }
        }
    }
}
