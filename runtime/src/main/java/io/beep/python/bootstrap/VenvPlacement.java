package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;
import io.beep.python.fs.HomeLayout;
import io.beep.python.process.Cancellation;
import io.beep.python.registry.PythonRuntimeInfo;
import io.beep.python.venv.VenvUsers;
import io.beep.python.venv.VirtualEnv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where one bootstrap's venv goes, and what happens to what is already there: a venv of ours from the same
 * interpreter is reused, one of ours from another (or whose python is gone) is re-created, anything else in
 * the way, a venv someone else made included, stops the run.
 * Remembers whether this run created the venv, so that a failure removes only what it made.
 */
final class VenvPlacement {

    private static final System.Logger LOG = System.getLogger(VenvPlacement.class.getName());

    private final Rooms rooms;
    private final BootstrapOptions options;
    private final StageTracker tracker;
    private final Cancellation cancellation;
    private boolean created;
    private boolean sharedInUse;

    VenvPlacement(Rooms rooms, BootstrapOptions options, StageTracker tracker, Cancellation cancellation) {
        this.rooms = rooms;
        this.options = options;
        this.tracker = tracker;
        this.cancellation = cancellation;
    }

    /** The configured venv path, or the managed one of these inputs under the home ({@link VenvKey}). */
    static Path venvPath(Rooms rooms, BootstrapOptions options, Optional<BakedEnvironment> baked) {
        return options.virtualEnvironmentPath().orElseGet(() -> HomeLayout.of(rooms.home).venv(options.environmentName(),
                VenvKey.of(rooms.home, options, baked, () -> rooms.packageRequirements().loadProfiles()))).toAbsolutePath().normalize();
    }

    /**
     * Whether the venv was found in use by another process (or another environment of this one) and is used as it
     * is: nothing may be installed into it, nor its marker rewritten, while they run on it.
     */
    boolean sharedInUse() {
        return sharedInUse;
    }

    /** Whether this run created (or re-created) the venv. */
    boolean created() {
        return created;
    }

    /**
     * {@code bare}: without pip and its seeds (the baked path installs nothing into it). Only a venv we made may be
     * replaced: one from another interpreter, or one whose python is gone (auto-repair). A venv someone else made is
     * the user's, with perhaps their own files in it, and is refused like any other occupied path.
     */
    VirtualEnv virtualEnvironment(PythonRuntimeInfo runtime, Path venvPath, boolean bare) {
        Optional<VirtualEnv> existing = rooms.venvs().open(venvPath);
        if (existing.isPresent()) {
            if (!isOurs(venvPath)) {
                throw occupied(venvPath, "'" + venvPath + "' is a virtual environment that Beep Python did not make (from Python "
                        + existing.get().version() + "); it is left as it is: remove it or set another venv path");
            }
            boolean inUse = VenvUsers.inUse(venvPath);
            if (inUse && rooms.venvs().isFrom(existing.get(), runtime)) {
                // Same path, same interpreter: same inputs for a managed venv (its path is their digest). Used as it is.
                tracker.note("Using the virtual environment at " + venvPath + " as it is: " + VenvUsers.describeUsers(venvPath) + " uses it");
                sharedInUse = true;
                return existing.get();
            }
            if (inUse) {
                throw rooms.hints.failure(options.environmentName(), BootstrapStage.CREATING_VIRTUAL_ENV,
                        PythonBootstrapException.Reason.VENV_PATH_OCCUPIED, venvPath.toString(), "The virtual environment at '" + venvPath
                                + "' was made from another interpreter (" + existing.get().baseExecutable() + ") and is in use by "
                                + VenvUsers.describeUsers(venvPath) + "; it is not re-created under a running application."
                                + " Start this one again once that one stopped");
            }
            if (rooms.venvs().isFrom(existing.get(), runtime)) {
                tracker.note("Reusing the virtual environment at " + venvPath);
                rooms.venvs().claim(venvPath);
                return existing.get();
            }
            LOG.log(System.Logger.Level.INFO, "Re-creating {0}: it was made from another interpreter ({1})",
                    venvPath, existing.get().baseExecutable());
            tracker.note("Re-creating " + venvPath + ": it was made from another interpreter");
            rooms.venvs().delete(venvPath);
        } else if (Files.exists(venvPath, LinkOption.NOFOLLOW_LINKS) && !isEmptyDirectory(venvPath)) {
            if (!Files.isDirectory(venvPath, LinkOption.NOFOLLOW_LINKS) || !isOurs(venvPath)) {
                throw occupied(venvPath, "'" + venvPath + "' exists and is not a virtual environment; remove it");
            }
            if (VenvUsers.inUse(venvPath)) {
                throw occupied(venvPath, "The virtual environment at '" + venvPath + "' lost its python but is in use by "
                        + VenvUsers.describeUsers(venvPath) + "; it is not rebuilt under a running application");
            }
            LOG.log(System.Logger.Level.WARNING, "Rebuilding the virtual environment at {0}: its python is missing", venvPath);
            tracker.note("Rebuilding " + venvPath + ": its python is missing");
            rooms.venvs().delete(venvPath);
        } else {
            rooms.venvs().delete(venvPath);
        }
        VirtualEnv made = bare ? rooms.venvs().createBare(runtime, venvPath, cancellation) : rooms.venvs().create(runtime, venvPath, cancellation);
        // Only once it exists: a creation that failed (another process made the path meanwhile) left nothing of ours there.
        created = true;
        return made;
    }

    /** Ours: it holds our ownership file, or (a venv of an earlier version, which wrote none) the bootstrap's marker. */
    private boolean isOurs(Path venvPath) {
        return rooms.venvs().isOurs(venvPath) || EnvironmentMarker.exists(venvPath);
    }

    private PythonBootstrapException occupied(Path venvPath, String message) {
        return rooms.hints.failure(options.environmentName(), BootstrapStage.CREATING_VIRTUAL_ENV,
                PythonBootstrapException.Reason.VENV_PATH_OCCUPIED, venvPath.toString(), message);
    }

    private static boolean isEmptyDirectory(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
