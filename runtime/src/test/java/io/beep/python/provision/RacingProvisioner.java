package io.beep.python.provision;

import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;

import java.net.URI;
import java.nio.file.Path;

/**
 * Another JVM for {@link ProvisioningAcrossProcessesTest}: waits until an agreed instant so that
 * both processes start together, provisions, and prints what it got.
 * Arguments: home, repository URL, local Maven repository, start instant (epoch millis).
 */
public final class RacingProvisioner {

    private RacingProvisioner() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path home = Path.of(args[0]);
        URI repository = URI.create(args[1]);
        Path localRepository = Path.of(args[2]);
        long startAt = Long.parseLong(args[3]);
        Thread.sleep(Math.max(0, startAt - System.currentTimeMillis()));
        ProvisionedPython python = Fixtures.provisioner(home, new ProcessRunner(), localRepository)
                .provision(Fixtures.maven("3.13", repository), DownloadListener.none(), Cancellation.none());
        System.out.println("executable=" + python.executable());
        System.out.println("downloaded=" + python.downloaded());
    }
}
