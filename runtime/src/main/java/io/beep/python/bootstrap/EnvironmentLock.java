package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;
import io.beep.python.process.Cancellation;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * An inter-process lock per environment location under {@code ${home}/locks/}: two applications
 * that share a venv path build it one after the other, and the second finds the first one's work.
 */
final class EnvironmentLock implements AutoCloseable {

    private static final long POLL_MILLIS = 100;

    private final FileChannel channel;
    private final FileLock lock;

    private EnvironmentLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits for the lock on {@code location}, giving up when {@code cancellation} fires. */
    static EnvironmentLock acquire(Path home, Path location, Cancellation cancellation) {
        Path file = home.resolve("locks").resolve("env-" + digest(location.toAbsolutePath().normalize().toString()) + ".lock");
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                while (true) {
                    cancellation.throwIfCancelled(BootstrapStage.INITIALIZING);
                    FileLock lock = tryLock(channel);
                    if (lock != null) {
                        return new EnvironmentLock(channel, lock);
                    }
                    // Another process holds it: file locks cannot be waited on with a time limit, so poll.
                    Thread.sleep(POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                channel.close();
                Thread.currentThread().interrupt();
                throw new Cancellation.CancelledException(BootstrapStage.INITIALIZING);
            } catch (RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new PythonBootstrapException(BootstrapStage.INITIALIZING, file.toString(),
                    "Cannot lock '" + file + "' (check that beep.python.home is writable): " + e.getMessage(), e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // Held by another thread of this JVM; single flight in-process normally prevents this.
            return null;
        }
    }

    static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // Closing the channel releases the lock in any case.
        }
    }
}
