package io.beep.python.bootstrap;

import io.beep.python.fs.HomeLayout;
import io.beep.python.process.Cancellation;
import io.beep.python.process.InterProcessLock;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Once per manager, at its first bootstrap: removes the scratch that runs no longer alive left in the home
 * ({@link HomeLayout.Scratch}), under the home's sweep lock. Before this, a {@code kill -9} mid-install left
 * {@code tmp/install-*} for ever when no later install happened to clean it. Never waits: when another start holds the
 * lock, its sweep is this one's too; and a sweep that fails costs disk space, never the bootstrap.
 */
final class ScratchSweep {

    private static final System.Logger LOG = System.getLogger(ScratchSweep.class.getName());

    private final Path home;
    private final AtomicBoolean done = new AtomicBoolean();

    ScratchSweep(Path home) {
        this.home = home;
    }

    void once() {
        // No home yet: nothing left in it, and taking the lock would create it.
        if (!done.compareAndSet(false, true) || !Files.isDirectory(home)) {
            return;
        }
        try (InterProcessLock lock = InterProcessLock.acquire(HomeLayout.of(home).scratchSweepLock(), Cancellation.none(), Duration.ZERO)) {
            int removed = HomeLayout.Scratch.removeAbandoned(home);
            if (removed > 0) {
                LOG.log(System.Logger.Level.INFO, "Removed {0} work files and directories under {1} that runs no longer alive left",
                        removed, home);
            }
        } catch (RuntimeException e) {
            // Held by another start (whose sweep covers ours), or the home is read-only: the leftovers only cost space.
            LOG.log(System.Logger.Level.DEBUG, "Skipped the sweep of " + home + ": " + e.getMessage());
        }
    }
}
