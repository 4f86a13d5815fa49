package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;
import io.beep.python.registry.PythonRuntimeInfo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a bootstrap did: the environment is {@link Ready}, or the bootstrap {@link Failed}. Match on
 * the two to reach what only one of them has (a ready environment's interpreter, a failure's error).
 */
public sealed interface BootstrapResult permits BootstrapResult.Ready, BootstrapResult.Failed {

    /** The environment's name. */
    String environment();

    /** How long each stage that ran took. */
    Map<BootstrapStage, Duration> stageDurations();

    /** Problems worth a look that did not stop the bootstrap. */
    List<String> warnings();

    /** True when a valid marker let the bootstrap skip every stage (never for a failure). */
    boolean warm();

    /** True when the environment is ready. */
    default boolean success() {
        return this instanceof Ready;
    }

    /** The total time of the stages that ran. */
    default Duration totalDuration() {
        return stageDurations().values().stream().reduce(Duration.ZERO, Duration::plus);
    }

    /**
     * This result as a ready environment, for callers that treat a failure as an error.
     *
     * @throws PythonBootstrapException the failure, when the bootstrap failed
     */
    Ready ready();

    /** Why the bootstrap failed; empty when the environment is ready. */
    default Optional<PythonBootstrapException> failure() {
        return this instanceof Failed failed ? Optional.of(failed.error()) : Optional.empty();
    }

    /**
     * A ready environment.
     *
     * @param environment       the environment's name
     * @param runtime           the base interpreter used
     * @param interpreter       the python to run: the venv's, or the base one when no venv is used
     * @param location          the venv root, or the base interpreter's prefix
     * @param sitePackages      where the environment's distributions live
     * @param pythonVersion     full interpreter version
     * @param installedPackages every distribution in the environment afterwards, normalized name to version
     * @param newlyInstalled    distributions this bootstrap installed or changed
     * @param warm              true when a valid marker let the bootstrap skip every stage
     * @param stageDurations    how long each stage that ran took
     * @param warnings          problems worth a look that did not stop the bootstrap
     */
    record Ready(String environment, PythonRuntimeInfo runtime, Path interpreter, Path location, Path sitePackages, String pythonVersion,
            Map<String, String> installedPackages, Map<String, String> newlyInstalled, boolean warm, Map<BootstrapStage, Duration> stageDurations,
            List<String> warnings) implements BootstrapResult {

        public Ready {
            Objects.requireNonNull(runtime, "runtime");
            Objects.requireNonNull(interpreter, "interpreter");
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(sitePackages, "sitePackages");
            Objects.requireNonNull(pythonVersion, "pythonVersion");
            installedPackages = Map.copyOf(installedPackages);
            newlyInstalled = Map.copyOf(newlyInstalled);
            stageDurations = Map.copyOf(stageDurations);
            warnings = List.copyOf(warnings);
        }

        @Override
        public Ready ready() {
            return this;
        }
    }

    /**
     * A failed bootstrap, or a ready environment that was lost since.
     *
     * @param environment    the environment's name
     * @param runtime        the base interpreter, when one was chosen before the failure
     * @param error          why it failed: stage, input and a readable message
     * @param stageDurations how long each stage that ran took
     * @param warnings       problems worth a look seen before the failure
     */
    record Failed(String environment, Optional<PythonRuntimeInfo> runtime, PythonBootstrapException error,
            Map<BootstrapStage, Duration> stageDurations, List<String> warnings) implements BootstrapResult {

        public Failed {
            Objects.requireNonNull(runtime, "runtime");
            Objects.requireNonNull(error, "error");
            stageDurations = Map.copyOf(stageDurations);
            warnings = List.copyOf(warnings);
        }

        @Override
        public boolean warm() {
            return false;
        }

        @Override
        public Ready ready() {
            throw error;
        }
    }
}
