package io.beep.python.testing;

import io.beep.python.ProcessResult;
import io.beep.python.fs.FileTrees;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Whether this machine's package index is reachable through pip's own configuration. Tests that
 * install real packages (numpy, flask, uv) call {@link #assumeReachable()}: they run when it is
 * and are skipped, printing why, when it is not.
 */
public final class RealPackageIndex {

    private static Boolean reachable;
    private static String reason = "";

    private RealPackageIndex() {
    }

    public static synchronized boolean isReachable() {
        if (reachable == null) {
            reason = probe(Path.of(System.getProperty("java.io.tmpdir")));
            reachable = reason.isEmpty();
        }
        return reachable;
    }

    /**
     * Downloads one small package with pip into a directory made under {@code parent}, deleted
     * afterwards (each run left one behind before); empty when that worked, else why not.
     */
    static String probe(Path parent) {
        Path target = null;
        try {
            target = Files.createTempDirectory(parent, "beep-index-probe");
            ProcessResult result = new ProcessRunner().run(ProcessSpec.of(TestPython.executable().toString(), "-m", "pip", "download",
                    "--disable-pip-version-check", "--no-deps", "--no-cache-dir", "-d", target.toString(), "six")
                    .withTimeout(Duration.ofSeconds(90)));
            return result.ok() ? "" : "the package index is not reachable through pip's configuration: "
                    + result.stderr().strip().lines().reduce((a, b) -> b).orElse("");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            return "the package index probe failed: " + e.getMessage();
        } finally {
            if (target != null) {
                try {
                    FileTrees.delete(target);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    public static void assumeReachable() {
        if (!isReachable()) {
            System.out.println("SKIPPED: " + reason);
        }
        Assumptions.assumeTrue(isReachable(), reason);
    }
}
