package io.beep.python.packages;

import io.beep.python.process.Cancellation;
import io.beep.python.packages.lock.LockFile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One installer backend (pip or uv): installs a whole requirement set into one environment with
 * ONE process, so its resolver sees every constraint at once.
 */
interface Installer {

    /** What to install and how; {@code progress} hears what the installer reports while it runs. */
    record Request(Path python, Path sitePackages, List<String> arguments, PackageSources sources, boolean noDependencies,
            boolean requireHashes, Duration timeout, Cancellation cancellation, Path workDirectory, Consumer<InstallProgress> progress) {
        public Request {
            arguments = List.copyOf(arguments);
        }

        Request(Path python, Path sitePackages, List<String> arguments, PackageSources sources, boolean noDependencies,
                boolean requireHashes, Duration timeout, Cancellation cancellation, Path workDirectory) {
            this(python, sitePackages, arguments, sources, noDependencies, requireHashes, timeout, cancellation, workDirectory, p -> {
            });
        }
    }

    /**
     * What one run did.
     *
     * @param ok      whether the installer succeeded
     * @param locked  the packages it installed with their sources and hashes, when the installer reports them
     * @param output  the installer's diagnostic output (stderr, else stdout), not yet masked
     */
    record Outcome(boolean ok, Map<String, LockFile.Package> locked, String output) {
        public Outcome {
            locked = Map.copyOf(locked);
        }
    }

    /** {@code pip} or {@code uv}, as reported in {@code InstallResult.installer()}. */
    String name();

    Outcome install(Request request);

    /**
     * Lock entries (sources and hashes) for {@code pins}, the distributions the install changed,
     * for installers whose install run cannot report them itself. Called after the install, off
     * its critical path. Empty when unknown.
     */
    default Map<String, LockFile.Package> lockEntries(Request request, Map<String, String> pins) {
        return Map.of();
    }
}
