package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;
import io.beep.python.fs.HomeLayout;
import io.beep.python.process.Cancellation;
import io.beep.python.registry.PythonRuntimeInfo;
import io.beep.python.venv.VirtualEnv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where one bootstrap's venv goes, and what happens to what is already there: a venv from the same
 * interpreter is reused, one from another is re-created, anything else in the way stops the run.
 * Remembers whether this run created the venv, so that a failure removes only what it made.
 */
final class VenvPlacement {

    private final Rooms rooms;
    private final BootstrapOptions options;
    private final StageTracker tracker;
    private final Cancellation cancellation;
    private boolean created;

    VenvPlacement(Rooms rooms, BootstrapOptions options, StageTracker tracker, Cancellation cancellation) {
        this.rooms = rooms;
        this.options = options;
        this.tracker = tracker;
        this.cancellation = cancellation;
    }

    /** The configured venv path, or the environment's own under the home. */
    static Path venvPath(Rooms rooms, BootstrapOptions options) {
        return options.virtualEnvironmentPath().orElse(HomeLayout.of(rooms.home).venv(options.environmentName()))
                .toAbsolutePath().normalize();
    }

    /** Whether this run created (or re-created) the venv. */
    boolean created() {
        return created;
    }

    /** {@code bare}: without pip and its seeds (the baked path installs nothing into it). */
    VirtualEnv virtualEnvironment(PythonRuntimeInfo runtime, Path venvPath, boolean bare) {
        Optional<VirtualEnv> existing = rooms.venvs().open(venvPath);
        if (existing.isPresent()) {
            if (rooms.venvs().isFrom(existing.get(), runtime)) {
                tracker.note("Reusing the virtual environment at " + venvPath);
                return existing.get();
            }
            tracker.note("Re-creating " + venvPath + ": it was made from another interpreter");
            rooms.venvs().delete(venvPath);
        } else if (Files.exists(venvPath, LinkOption.NOFOLLOW_LINKS)) {
            if (!isEmptyDirectory(venvPath)) {
                throw rooms.hints.failure(options.environmentName(), BootstrapStage.CREATING_VIRTUAL_ENV,
                        PythonBootstrapException.Reason.VENV_PATH_OCCUPIED, venvPath.toString(),
                        "'" + venvPath + "' exists and is not a virtual environment; remove it");
            }
            rooms.venvs().delete(venvPath);
        }
        created = true;
        return bare ? rooms.venvs().createBare(runtime, venvPath, cancellation) : rooms.venvs().create(runtime, venvPath, cancellation);
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
