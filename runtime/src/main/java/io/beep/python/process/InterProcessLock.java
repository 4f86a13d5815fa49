package io.beep.python.process;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A lock held by one thread of one process on this machine at a time: a file lock for other
 * processes, and a per-file semaphore for the threads of this JVM (a file lock alone throws
 * {@code OverlappingFileLockException} at a second thread instead of making it wait). Waiting
 * polls, so that a cancelled bootstrap stops waiting at once.
 */
public final class InterProcessLock implements AutoCloseable {

    /**
     * One permit per lock file for the whole JVM: shared on purpose, like the JVM's own table of
     * file locks, so that separate instances of our components coordinate too.
     */
    private static final ConcurrentHashMap<Path, Semaphore> HOLDERS = new ConcurrentHashMap<>();

    private static final long POLL_MILLIS = 50;

    private final Semaphore holder;
    private final FileChannel channel;
    private final FileLock lock;

    private InterProcessLock(Semaphore holder, FileChannel channel, FileLock lock) {
        this.holder = holder;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Waits for the lock on {@code file} (created with its directories when absent).
     *
     * @param stage reported when waiting is cancelled or the file cannot be locked
     */
    public static InterProcessLock acquire(Path file, Cancellation cancellation, BootstrapStage stage) {
        Path key = file.toAbsolutePath().normalize();
        Semaphore holder = HOLDERS.computeIfAbsent(key, k -> new Semaphore(1));
        try {
            while (!holder.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                cancellation.throwIfCancelled(stage);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancellation.CancelledException(stage);
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(key.getParent());
            channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            while ((lock = channel.tryLock()) == null) {
                cancellation.throwIfCancelled(stage);
                Thread.sleep(POLL_MILLIS);
            }
            return new InterProcessLock(holder, channel, lock);
        } catch (IOException e) {
            release(holder, channel);
            throw new PythonBootstrapException(stage, key.toString(),
                    "Cannot lock '" + key + "': " + e.getMessage() + "; check that beep.python.home is writable", e);
        } catch (InterruptedException e) {
            release(holder, channel);
            Thread.currentThread().interrupt();
            throw new Cancellation.CancelledException(stage);
        } catch (RuntimeException e) {
            release(holder, channel);
            throw e;
        }
    }

    /** The lock {@code name} among the home's lock files ({@code ${home}/locks/NAME.lock}). */
    public static InterProcessLock inHome(Path home, String name, Cancellation cancellation, BootstrapStage stage) {
        return acquire(home.resolve("locks").resolve(name + ".lock"), cancellation, stage);
    }

    /** Waits without a cancellation signal. */
    public static InterProcessLock acquire(Path file, BootstrapStage stage) {
        return acquire(file, Cancellation.none(), stage);
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases it in any case.
        }
        release(holder, channel);
    }

    private static void release(Semaphore holder, FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // Nothing is left to release once the channel is gone.
        } finally {
            holder.release();
        }
    }
}
