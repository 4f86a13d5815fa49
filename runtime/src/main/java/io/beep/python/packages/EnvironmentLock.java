package io.beep.python.packages;

import io.beep.python.BootstrapStage;
import io.beep.python.process.Cancellation;
import io.beep.python.process.InterProcessLock;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Serializes installs into one environment, across processes and threads, with the shared
 * {@link InterProcessLock} on {@code ${home}/locks/install-HASH.lock}.
 */
final class EnvironmentLock implements AutoCloseable {

    private final InterProcessLock lock;

    private EnvironmentLock(InterProcessLock lock) {
        this.lock = lock;
    }

    static EnvironmentLock acquire(Path home, Path prefix, Cancellation cancellation) {
        Path file = home.resolve("locks").resolve("install-" + hash(prefix.toAbsolutePath().normalize().toString()) + ".lock");
        return new EnvironmentLock(InterProcessLock.acquire(file, cancellation, BootstrapStage.INSTALLING_PACKAGES));
    }

    @Override
    public void close() {
        lock.close();
    }

    private static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
