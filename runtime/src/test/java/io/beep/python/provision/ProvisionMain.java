package io.beep.python.provision;

import io.beep.python.process.Cancellation;
import io.beep.python.process.ProcessRunner;
import io.beep.python.registry.PythonRuntimeRegistry;
import io.beep.python.registry.PythonRuntimeType;
import io.beep.python.testing.ProcessCounter;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A fresh JVM for {@link ProvisioningBenchmarkTest}: provisions CPython once on an empty home and registers it, as an
 * application's first start does, then prints {@code provision=MS register=MS processes=N}.
 */
public final class ProvisionMain {

    private ProvisionMain() {
    }

    /** Arguments: home, local Maven repository, then the remote repositories to download from (none: the local one must have it). */
    public static void main(String[] args) {
        Path home = Path.of(args[0]);
        URI[] repositories = new URI[args.length - 2];
        for (int i = 2; i < args.length; i++) {
            repositories[i - 2] = URI.create(args[i]);
        }
        ProcessCounter counter = new ProcessCounter();
        ProcessRunner runner = counter.runner();
        long begin = System.nanoTime();
        // Built as an application builds it: the test fixtures' statics (a loopback server's classes) cost a fresh JVM 160-200 ms.
        ProvisionedPython python = PythonProvisioner.withLocalMavenRepository(home, runner, Path.of(args[1]))
                .provision(ProvisionRequest.maven("3.13", List.of(repositories)), DownloadListener.none(), Cancellation.none());
        long provisioned = System.nanoTime();
        new PythonRuntimeRegistry(home, runner).registerManagedRuntime("managed", PythonRuntimeType.EMBEDDED, python.executable(),
                python.description());
        long registered = System.nanoTime();
        System.out.println("provision=" + (provisioned - begin) / 1e6 + " register=" + (registered - provisioned) / 1e6
                + " processes=" + counter.count());
    }
}
