package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;
import io.beep.python.registry.PythonRuntimeInfo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a bootstrap did.
 *
 * @param environment       the environment's name
 * @param success           true when the environment is ready
 * @param runtime           the base interpreter used (absent when the bootstrap failed before choosing one)
 * @param interpreter       the python to run: the venv's, or the base one when no venv is used
 * @param location          the venv root, or the base interpreter's prefix
 * @param sitePackages      where the environment's distributions live
 * @param pythonVersion     full interpreter version
 * @param installedPackages every distribution in the environment afterwards, normalized name to version
 * @param newlyInstalled    distributions this bootstrap installed or changed
 * @param warm              true when a valid marker let the bootstrap skip every stage
 * @param stageDurations    how long each stage that ran took
 * @param warnings          problems worth a look that did not stop the bootstrap
 * @param error             why it failed
 */
public record BootstrapResult(String environment, boolean success, Optional<PythonRuntimeInfo> runtime, Optional<Path> interpreter,
        Optional<Path> location, Optional<Path> sitePackages, Optional<String> pythonVersion, Map<String, String> installedPackages,
        Map<String, String> newlyInstalled, boolean warm, Map<BootstrapStage, Duration> stageDurations, List<String> warnings,
        Optional<PythonBootstrapException> error) {

    public BootstrapResult {
        installedPackages = Map.copyOf(installedPackages);
        newlyInstalled = Map.copyOf(newlyInstalled);
        stageDurations = Map.copyOf(stageDurations);
        warnings = List.copyOf(warnings);
    }

    /** The total time of the stages that ran. */
    public Duration totalDuration() {
        return stageDurations.values().stream().reduce(Duration.ZERO, Duration::plus);
    }
}
