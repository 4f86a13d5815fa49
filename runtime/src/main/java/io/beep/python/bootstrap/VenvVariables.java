package io.beep.python.bootstrap;

import java.io.File;
import java.nio.file.Path;
import java.util.Map;

/** The variables a process of a ready environment runs with, for the environment's processes and its workers alike. */
final class VenvVariables {

    private VenvVariables() {
    }

    /** What activating the venv would set ({@code VIRTUAL_ENV}, its scripts first on {@code PATH}); nothing without a venv. */
    static Map<String, String> of(BootstrapOptions options, BootstrapResult.Ready ready) {
        if (!options.createVirtualEnvironment()) {
            return Map.of();
        }
        Path bin = ready.interpreter().getParent();
        return Map.of("VIRTUAL_ENV", ready.location().toString(),
                "PATH", bin + File.pathSeparator + System.getenv().getOrDefault("PATH", ""));
    }
}
