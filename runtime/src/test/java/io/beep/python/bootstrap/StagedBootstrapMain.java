package io.beep.python.bootstrap;

import io.beep.python.packages.PackageSources;
import io.beep.python.process.Cancellation;
import io.beep.python.provision.ProvisionRequest;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A JVM that bootstraps one environment and prints every stage it enters ({@code stage=NAME}), so
 * that a test can kill it with {@code kill -9} at a chosen stage, then start it again.
 * <p>
 * Arguments: home, environment name, interpreter path or {@code provision} (a managed CPython from
 * the local Maven repository), packages ({@code a,b} or {@code -}), index URL or {@code -}.
 * Prints {@code success=<bool> warm=<bool>} and, on failure, {@code error=...}.
 */
public final class StagedBootstrapMain {

    private StagedBootstrapMain() {
    }

    public static void main(String[] args) {
        BootstrapOptions.Builder options = BootstrapOptions.builder().environmentName(args[1]);
        if (args[2].equals("provision")) {
            options.runtime(RuntimeMode.EMBEDDED).pythonVersion("3.13").distribution(ProvisionRequest.maven("3.13", List.of()));
        } else {
            options.interpreter(Path.of(args[2]));
        }
        if (!args[3].equals("-")) {
            options.packages(Arrays.asList(args[3].split(",")));
        }
        if (!args[4].equals("-")) {
            options.sources(new PackageSources(Optional.of(args[4]), List.of(), List.of(), false));
        }
        BootstrapResult result = new PythonBootstrapManager(Path.of(args[0])).ensurePythonEnvironment(options.build(), progress -> {
            System.out.println("stage=" + progress.stage());
            System.out.flush();
        }, Cancellation.none());
        System.out.println("success=" + result.success() + " warm=" + result.warm());
        result.failure().ifPresent(e -> System.out.println("error=" + e.getMessage()));
        System.exit(result.success() ? 0 : 1);
    }
}
