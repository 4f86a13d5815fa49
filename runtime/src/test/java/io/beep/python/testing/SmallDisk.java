package io.beep.python.testing;

import io.beep.python.ProcessResult;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A small tmpfs mounted on a directory, so that tests can fill a disk for real. Needs root (or
 * CAP_SYS_ADMIN); elsewhere the test is skipped with the reason printed. {@link #grow} is "the
 * user freed space"; {@link #close} unmounts.
 */
public final class SmallDisk implements AutoCloseable {

    private static final ProcessRunner RUNNER = new ProcessRunner();
    private final Path mountPoint;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code megabytes} on {@code mountPoint} (created), or aborts the test saying why it cannot. */
    public static SmallDisk mount(Path mountPoint, int megabytes) {
        try {
            Files.createDirectories(mountPoint);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ProcessResult result = run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=0700", "tmpfs", mountPoint.toString());
        if (!result.ok()) {
            String reason = "Skipped: cannot mount a " + megabytes + " MB tmpfs on " + mountPoint + " (" + result.stderr().strip()
                    + "); disk-full tests need root or CAP_SYS_ADMIN";
            System.out.println(reason);
            Assumptions.abort(reason);
        }
        return new SmallDisk(mountPoint);
    }

    public Path path() {
        return mountPoint;
    }

    /** Makes the disk {@code megabytes} large, keeping its files: the space has come back. */
    public void grow(int megabytes) {
        ProcessResult result = run("mount", "-o", "remount,size=" + megabytes + "m", mountPoint.toString());
        if (!result.ok()) {
            throw new IllegalStateException("Cannot grow " + mountPoint + ": " + result.stderr());
        }
    }

    /** Remounts the disk read-only, keeping its files: a home on a read-only file system. */
    public void makeReadOnly() {
        ProcessResult result = run("mount", "-o", "remount,ro", mountPoint.toString());
        if (!result.ok()) {
            throw new IllegalStateException("Cannot remount " + mountPoint + " read-only: " + result.stderr());
        }
    }

    @Override
    public void close() {
        run("umount", "-l", mountPoint.toString());
    }

    private static ProcessResult run(String... argv) {
        try {
            return RUNNER.run(ProcessSpec.of(argv).withTimeout(Duration.ofSeconds(30)));
        } catch (RuntimeException e) {
            return new ProcessResult(-1, "", String.valueOf(e.getMessage()), Duration.ZERO);
        }
    }
}
