package io.beep.python.bootstrap;

import io.beep.python.packages.PackageSources;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A running application for the shared-home tests: bootstraps one environment, prints {@code success=<bool>
 * location=<venv>} (or {@code error=...}) and then keeps using its venv until its standard input closes, or it is
 * killed.
 * <p>
 * Arguments: home, environment name, interpreter, packages ({@code a,b} or {@code -}), index URL or {@code -},
 * venv path or {@code -}.
 */
public final class HoldingMain {

    private HoldingMain() {
    }

    public static void main(String[] args) throws IOException {
        BootstrapOptions.Builder options = BootstrapOptions.builder().environmentName(args[1]).interpreter(Path.of(args[2]));
        if (!args[3].equals("-")) {
            options.packages(Arrays.asList(args[3].split(",")));
        }
        if (!args[4].equals("-")) {
            options.sources(new PackageSources(Optional.of(args[4]), List.of(), List.of(), false));
        }
        if (!args[5].equals("-")) {
            options.virtualEnvironmentPath(Path.of(args[5]));
        }
        BootstrapResult result = new PythonBootstrapManager(Path.of(args[0])).ensurePythonEnvironment(options.build());
        System.out.println("success=" + result.success() + (result.success() ? " location=" + result.ready().location() : ""));
        result.failure().ifPresent(e -> System.out.println("error=" + e.getMessage()));
        System.out.flush();
        while (System.in.read() >= 0) {
            // Uses the venv until told to stop.
        }
    }
}
