package io.beep.python.packages;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;

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
 * Serializes installs into one environment, across processes ({@code FileChannel.lock} on
 * {@code ${home}/locks/install-HASH.lock}) and across threads of this JVM (which a file lock does
 * not, it throws {@link OverlappingFileLockException} instead; we wait and retry).
 */
final class EnvironmentLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private EnvironmentLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static EnvironmentLock acquire(Path home, Path prefix) {
        Path file = home.resolve("locks").resolve("install-" + hash(prefix.toAbsolutePath().normalize().toString()) + ".lock");
        try {
            Files.createDirectories(file.getParent());
            while (true) {
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                try {
                    return new EnvironmentLock(channel, channel.lock());
                } catch (OverlappingFileLockException e) {
                    channel.close();
                    Thread.sleep(20);
                }
            }
        } catch (IOException e) {
            throw new PythonBootstrapException(BootstrapStage.INSTALLING_PACKAGES, file.toString(),
                    "Cannot lock " + file + ": " + e.getMessage() + ". Check that beep.python.home is writable.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PythonBootstrapException(BootstrapStage.INSTALLING_PACKAGES, prefix.toString(), "Interrupted while waiting to install into "
                    + prefix);
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

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
