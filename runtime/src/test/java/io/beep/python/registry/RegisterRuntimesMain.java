package io.beep.python.registry;

import io.beep.python.process.ProcessRunner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A second JVM for {@link ConcurrentRegistrationTest}: registers each given interpreter in the given
 * home, one write per interpreter, as a separate process would.
 * Arguments: {@code HOME LABEL EXECUTABLE...}; each is registered as {@code LABEL-<index>}.
 */
public final class RegisterRuntimesMain {

    public static void main(String[] args) {
        Path home = Path.of(args[0]);
        Path nowhere = home.resolve("no-user-home");
        PythonRuntimeRegistry registry = new PythonRuntimeRegistry(home, new ProcessRunner(),
                DiscoveryRoots.isolated(nowhere, List.of()), Duration.ofSeconds(30));
        for (int i = 2; i < args.length; i++) {
            registry.registerManagedRuntime(args[1] + "-" + (i - 2), PythonRuntimeType.VIRTUAL_ENV, Path.of(args[i]));
        }
        System.out.println("registered " + (args.length - 2));
    }
}
