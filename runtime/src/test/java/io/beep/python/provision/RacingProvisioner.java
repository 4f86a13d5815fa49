package io.beep.python.provision;

import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * Another JVM for {@link ProvisioningAcrossProcessesTest}: waits at a start barrier so that both
 * processes start together, provisions, and prints what it got.
 * Arguments: home, repository URL, local Maven repository, barrier directory ({@code -}: none).
 * <p>
 * The barrier is two files: each child writes {@code ready-<pid>} once its JVM is up, and waits for
 * {@code go}, which the test writes when every child is ready. A fixed start instant had to allow for
 * the slowest JVM start on a loaded machine (5 s) and cost that much every run.
 */
public final class RacingProvisioner {

    static final String GO = "go";

    private RacingProvisioner() {
    }

    public static void main(String[] args) throws IOException {
        Path home = Path.of(args[0]);
        URI repository = URI.create(args[1]);
        Path localRepository = Path.of(args[2]);
        if (!"-".equals(args[3])) {
            Path barrier = Path.of(args[3]);
            Files.createFile(barrier.resolve("ready-" + ProcessHandle.current().pid()));
            await().atMost(Duration.ofMinutes(2)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                    .until(() -> Files.exists(barrier.resolve(GO)));
        }
        ProvisionedPython python = Fixtures.provisioner(home, new ProcessRunner(), localRepository)
                .provision(Fixtures.maven("3.13", repository), DownloadListener.none(), Cancellation.none());
        System.out.println("executable=" + python.executable());
        System.out.println("downloaded=" + python.downloaded());
    }
}
