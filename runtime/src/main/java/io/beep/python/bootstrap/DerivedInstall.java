package io.beep.python.bootstrap;

import io.beep.python.InstallResult;
import io.beep.python.packages.Requirement;
import io.beep.python.process.Cancellation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run-time {@code install(...)} into a managed venv: the venv belongs to its inputs and other applications with
 * the same inputs may run on it, so instead of changing it the environment gets a venv of its own for its inputs
 * plus the extra requirements ({@code venvs/NAME-KEY} of those inputs: another application that installs the same
 * shares it), and switches to it. The old venv, and whoever uses it, is left as it was.
 */
final class DerivedInstall {

    /** The derived environment and what the install changed compared with the one it replaces. */
    record Outcome(BootstrapOptions options, BootstrapResult.Ready ready, InstallResult result) {
    }

    private DerivedInstall() {
    }

    /** Whether {@code options} name a managed venv, which a run-time install must not change. */
    static boolean applies(BootstrapOptions options) {
        return options.createVirtualEnvironment() && options.virtualEnvironmentPath().isEmpty();
    }

    /**
     * Bootstraps {@code current} plus {@code requirements}.
     *
     * @throws io.beep.python.packages.PackagesException for a requirement that does not parse, before anything starts
     * @throws io.beep.python.PythonBootstrapException   when the derived environment cannot be made (the current one stays)
     */
    static Outcome install(PythonBootstrapManager manager, BootstrapOptions current, BootstrapResult.Ready before, String[] requirements,
            Cancellation cancellation) {
        long begin = System.nanoTime();
        Arrays.stream(requirements).forEach(Requirement::parse);
        List<String> packages = new ArrayList<>(current.packages());
        packages.addAll(List.of(requirements));
        BootstrapOptions derived = current.toBuilder().packages(packages).build();
        BootstrapResult result = manager.ensurePythonEnvironment(derived, progress -> {
        }, cancellation);
        BootstrapResult.Ready ready = result.ready();
        Map<String, String> changed = new TreeMap<>();
        ready.installedPackages().forEach((name, version) -> {
            if (!version.equals(before.installedPackages().get(name))) {
                changed.put(name, version);
            }
        });
        String installer = changed.isEmpty() ? "none" : current.installer().name().toLowerCase(java.util.Locale.ROOT);
        return new Outcome(derived, ready, new InstallResult(List.of(requirements), changed, changed.isEmpty(), installer, ready.warnings(),
                Duration.ofNanos(System.nanoTime() - begin)));
    }
}
