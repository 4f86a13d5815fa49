package io.beep.python.testing;

import io.beep.python.bootstrap.BootstrapResult;
import io.beep.python.bootstrap.EnvironmentTemplates;
import io.beep.python.bootstrap.PythonBootstrapManager;
import io.beep.python.fs.FileTrees;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The data-science template's environment (numpy, pandas, matplotlib, scipy, scikit-learn, with the installer
 * left to {@code auto}), bootstrapped once per test JVM and shared, read-only, by the tests that need that stack
 * from the real index: each of them installed it afresh before, about a minute and a half apiece on this machine.
 * Callers check {@link RealPackageIndex#assumeReachable()} first. The home lives under the module's
 * {@code target/} and is deleted when the JVM exits; a killed JVM leaves it for {@code mvn clean}.
 */
public final class SharedDataScience {

    /** What the one bootstrap made: its home (its uv, its caches) and its result, a failed one included. */
    public record Made(Path home, BootstrapResult result, Duration took) {
    }

    private static Made made;

    private SharedDataScience() {
    }

    /** The environment, made on the first call in this JVM; later calls return the same one, failed or not. */
    public static synchronized Made environment() {
        if (made == null) {
            made = make();
        }
        return made;
    }

    private static Made make() {
        Path home;
        try {
            Path parent = Files.createDirectories(Path.of("target", "shared-data-science").toAbsolutePath());
            home = Files.createTempDirectory(parent, "home-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PythonBootstrapManager manager = new PythonBootstrapManager(home);
        long begin = System.nanoTime();
        BootstrapResult result = manager.ensurePythonEnvironment(EnvironmentTemplates.DATA_SCIENCE.toBuilder().environmentName("ds")
                .interpreter(TestPython.executable()).build());
        // The lock's hashes and the seed cache's byte-code are written in the background: settled before anyone reads
        // the environment, and before the deletion at exit.
        manager.awaitBackgroundWork(Duration.ofMinutes(2));
        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        System.out.printf("[BENCHMARK] the shared data-science environment: %.1f s (once per test JVM)%n", took.toMillis() / 1000.0);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                FileTrees.delete(home);
            } catch (IOException e) {
                System.err.println("Could not delete the shared data-science home " + home + ": " + e);
            }
        }, "shared-data-science-cleanup"));
        return new Made(home, result, took);
    }
}
