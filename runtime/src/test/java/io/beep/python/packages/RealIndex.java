package io.beep.python.packages;

import io.beep.python.ProcessResult;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Whether the machine's package index is reachable through pip's own configuration; tests that need it are skipped otherwise. */
final class RealIndex {

    private static Boolean reachable;
    private static String reason;

    private RealIndex() {
    }

    static synchronized void assumeReachable() {
        if (reachable == null) {
            Path python = TestVenv.baseInterpreterPrefix().resolve("bin/python3");
            try {
                Path tmp = Files.createTempDirectory("beep-index-probe");
                ProcessResult r = new ProcessRunner().run(ProcessSpec.of(python.toString(), "-m", "pip", "download", "--disable-pip-version-check",
                        "--no-deps", "--no-cache-dir", "-d", tmp.toString(), "six").withTimeout(Duration.ofSeconds(90)));
                reachable = r.ok();
                reason = r.ok() ? "" : "the package index is not reachable through pip's configuration: "
                        + r.stderr().strip().lines().reduce((a, b) -> b).orElse("");
                EnvironmentSnapshot.deleteTree(tmp);
            } catch (IOException | RuntimeException e) {
                reachable = false;
                reason = "the package index probe failed: " + e.getMessage();
            }
        }
        if (!reachable) {
            System.out.println("SKIPPED: " + reason);
        }
        Assumptions.assumeTrue(reachable, reason);
    }
}
