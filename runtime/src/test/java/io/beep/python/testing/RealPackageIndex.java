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
            try {
                Path target = Files.createTempDirectory("beep-index-probe");
                ProcessResult result = new ProcessRunner().run(ProcessSpec.of(TestPython.executable().toString(), "-m", "pip", "download",
                        "--disable-pip-version-check", "--no-deps", "--no-cache-dir", "-d", target.toString(), "six")
                        .withTimeout(Duration.ofSeconds(90)));
                reachable = result.ok();
                reason = result.ok() ? "" : "the package index is not reachable through pip's configuration: "
                        + result.stderr().strip().lines().reduce((a, b) -> b).orElse("");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                reachable = false;
                reason = "the package index probe failed: " + e.getMessage();
            }
        }
        return reachable;
    }

    public static void assumeReachable() {
        if (!isReachable()) {
            System.out.println("SKIPPED: " + reason);
        }
        Assumptions.assumeTrue(isReachable(), reason);
    }
}
