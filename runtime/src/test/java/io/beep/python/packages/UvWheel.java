package io.beep.python.packages;

import io.beep.python.ProcessResult;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The real {@code uv} wheel for this platform, downloaded once through the machine's pip
 * configuration into {@code target/test-downloads/} so tests can serve it from a loopback index.
 * Tests that need it are skipped, with a printed reason, when the package index is unreachable.
 */
final class UvWheel {

    private static Path cached;

    private UvWheel() {
    }

    static synchronized Path get() {
        if (cached != null) {
            return cached;
        }
        Path dir = Path.of("target", "test-downloads").toAbsolutePath();
        Optional<Path> present = find(dir);
        if (present.isEmpty()) {
            Path python = TestVenv.baseInterpreterPrefix().resolve("bin/python3");
            ProcessResult r = new ProcessRunner().run(ProcessSpec.of(python.toString(), "-m", "pip", "download", "--disable-pip-version-check",
                    "--no-deps", "--only-binary=:all:", "-d", dir.toString(), "uv").withTimeout(Duration.ofMinutes(3)));
            present = find(dir);
            if (!r.ok() || present.isEmpty()) {
                String reason = "the package index is not reachable through pip's configuration (pip download uv failed): "
                        + r.stderr().strip().lines().reduce((a, b) -> b).orElse("");
                System.out.println("SKIPPED: " + reason);
                Assumptions.assumeTrue(false, reason);
            }
        }
        cached = present.get();
        return cached;
    }

    private static Optional<Path> find(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("uv-.*\\.whl")).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
