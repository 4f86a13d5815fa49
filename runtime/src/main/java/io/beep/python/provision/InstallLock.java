package io.beep.python.provision;

import io.beep.python.BootstrapStage;
import io.beep.python.process.Cancellation;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code ${home}/locks/<name>.lock}, held across processes with
 * {@link FileChannel#lock()}. Inside one JVM the same file cannot be locked twice (the JDK throws
 * {@link OverlappingFileLockException}), so a second thread polls until the first lets go.
 */
final class InstallLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private InstallLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static InstallLock acquire(Path home, String name, Cancellation cancellation) throws IOException {
        Path file = home.resolve("locks").resolve(name + ".lock");
        Files.createDirectories(file.getParent());
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            while (true) {
                cancellation.throwIfCancelled(BootstrapStage.PROVISIONING_PYTHON);
                try {
                    FileLock lock = channel.tryLock();
                    if (lock != null) {
                        return new InstallLock(channel, lock);
                    }
                } catch (OverlappingFileLockException e) {
                    // Another thread of this JVM holds it: wait like a foreign process would make us.
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            channel.close();
            throw new IOException("Interrupted while waiting for " + file, e);
        } catch (RuntimeException | IOException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
