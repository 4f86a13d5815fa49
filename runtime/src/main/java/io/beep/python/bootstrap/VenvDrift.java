package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The monitor's second check of a ready environment: is its venv still the one it was made for? Its warm-start
 * marker must keep the stat it had at readiness (a rewrite means another bootstrap changed the venv), and the
 * baked site-packages its {@code .pth} file points to must still exist (a deleted application copy). File stats
 * and one small read only.
 */
final class VenvDrift {

    private VenvDrift() {
    }

    /** What the check compares later: the marker's stat now, empty when the environment has no marker. */
    static String markerStat(BootstrapResult.Ready ready) {
        return EnvironmentMarker.stat(ready.location().resolve(EnvironmentMarker.FILE_NAME));
    }

    /** The failure of {@code done} whose venv changed under it; empty while it is as it was made. */
    static Optional<PythonBootstrapException> changed(BootstrapResult.Ready done, BootstrapOptions options, String markerStatAtReady,
            FailureHints hints) {
        // A venv whose python is gone (deleted whole, say) is InterpreterPresence's to report, naming the python.
        Optional<String> what = bakedGone(done).or(() -> Files.isExecutable(done.interpreter()) ? markerChanged(done, markerStatAtReady)
                : Optional.empty());
        return what.map(change -> options.autoRepair()
                ? new PythonBootstrapException(BootstrapStage.VERIFYING, done.location().toString(),
                        "Python environment '" + options.environmentName() + "': " + change + "; rebuilding it")
                : hints.failure(options.environmentName(), BootstrapStage.VERIFYING, PythonBootstrapException.Reason.BROKEN_NOT_REPAIRED,
                        done.location().toString(), "Python environment '" + options.environmentName() + "': " + change
                                + "; restart the application, or enable auto-repair to rebuild it automatically"));
    }

    private static Optional<String> bakedGone(BootstrapResult.Ready done) {
        Path pth = done.sitePackages().resolve(BootstrapRun.BAKED_PTH);
        if (!Files.isRegularFile(pth)) {
            return Optional.empty();
        }
        try {
            String target = Files.readString(pth, StandardCharsets.UTF_8).strip();
            return target.isEmpty() || Files.isDirectory(Path.of(target)) ? Optional.empty()
                    : Optional.of("the baked packages its venv " + done.location() + " points to (" + target + ") are gone");
        } catch (IOException | RuntimeException e) {
            return Optional.of("cannot read " + pth + ": " + e.getMessage());
        }
    }

    private static Optional<String> markerChanged(BootstrapResult.Ready done, String markerStatAtReady) {
        if (markerStatAtReady.isEmpty()) {
            return Optional.empty();
        }
        Path marker = done.location().resolve(EnvironmentMarker.FILE_NAME);
        String now = EnvironmentMarker.stat(marker);
        if (now.equals(markerStatAtReady)) {
            return Optional.empty();
        }
        return Optional.of(now.isEmpty() ? "its venv " + done.location() + " lost its marker " + marker + " (it was changed or is being"
                + " rebuilt by another process)" : "its venv " + done.location() + " was rebuilt by another bootstrap (" + marker + " changed)");
    }
}
