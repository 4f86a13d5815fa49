package io.beep.python.venv;

import io.beep.python.fs.HomeLayout;
import io.beep.python.fs.Platform;
import io.beep.python.PythonException;
import io.beep.python.fs.AtomicFiles;
import io.beep.python.fs.FileTrees;
import io.beep.python.process.Cancellation;
import io.beep.python.process.Durations;
import io.beep.python.process.InterProcessLock;
import io.beep.python.process.ProcessRunner;
import io.beep.python.registry.PythonRuntimeInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates, opens and deletes virtual environments.
 * <p>
 * A venv is written directly, the way the standard library's {@code venv} lays it out, without
 * starting Python: {@code pyvenv.cfg}, links to the base interpreter, the activate scripts from
 * the base's own templates, and pip (plus setuptools before 3.12) hard-linked from a seed cache
 * that holds the base's bundled {@code ensurepip} wheels unpacked and compiled once. That takes
 * milliseconds where {@code python -m venv} takes seconds. An interpreter whose layout is not
 * recognized gets {@code python -m venv} instead, and the log says why.
 * <p>
 * A venv is complete or absent: it is built in a temporary directory beside its target and
 * renamed into place.
 * <p>
 * Every venv made here carries an ownership file ({@value #OWNERSHIP_FILE}): a venv at a
 * configured path that lacks it was made by someone else (a user's {@code python -m venv}), and
 * must never be deleted or re-created by us.
 */
public final class VirtualEnvironments {

    private static final System.Logger LOG = System.getLogger(VirtualEnvironments.class.getName());

    /** The file that marks a venv as made by Beep Python; see {@link #isOurs(Path)}. */
    public static final String OWNERSHIP_FILE = ".beep-python-venv";

    private final ProcessRunner runner;
    private final HomeLayout layout;
    private final SeedCache seeds;
    private final Platform platform;
    private final Map<Path, ActivationScripts.Templates> templates = new ConcurrentHashMap<>();
    private final Map<Path, List<BundledWheels.Wheel>> wheels = new ConcurrentHashMap<>();

    /** Uses {@code $BEEP_PYTHON_HOME} or {@code ~/.beep-python} for the seed cache and its locks. */
    public VirtualEnvironments(ProcessRunner runner) {
        this(runner, defaultHome());
    }

    /** Keeps the seed cache in {@code home/cache/seed} and its locks in {@code home/locks}. */
    public VirtualEnvironments(ProcessRunner runner, Path home) {
        this(runner, home, Platform.current());
    }

    VirtualEnvironments(ProcessRunner runner, Path home, Platform platform) {
        this(runner, home, platform, false);
    }

    private VirtualEnvironments(ProcessRunner runner, Path home, Platform platform, boolean compileSeedsLater) {
        this.runner = runner;
        this.layout = HomeLayout.of(home);
        this.seeds = new SeedCache(layout, runner, compileSeedsLater);
        this.platform = platform;
    }

    /**
     * As {@link #VirtualEnvironments(ProcessRunner, Path)}, but the first venv of a home does not wait for the seed
     * cache's byte-compilation (seconds): it gets pip uncompiled (compiled on its first use, as after
     * {@code pip install --no-compile}), and the cache is compiled in the background for every later venv. The
     * bootstrap uses this so that a first start reaches readiness sooner; {@link #awaitBackgroundWork(Duration)}
     * waits for that work.
     */
    public static VirtualEnvironments compilingSeedsInBackground(ProcessRunner runner, Path home) {
        return new VirtualEnvironments(runner, home, Platform.current(), true);
    }

    /** The first line(s) pip writes into a console script of the venv whose python is {@code python}. */
    public static String scriptShebang(Path python) {
        return SeedInstaller.shebang(python.toString());
    }

    /** Waits (at most {@code timeout}) for seed-cache byte-compilation still running in the background. */
    public void awaitBackgroundWork(Duration timeout) {
        seeds.awaitBackgroundWork(timeout);
    }

    /**
     * Creates a venv at {@code target} (which must not exist) from {@code base}, with pip usable in it.
     *
     * @throws VenvException naming the target
     */
    public VirtualEnv create(PythonRuntimeInfo base, Path target) {
        return create(base, target, Cancellation.none());
    }

    /**
     * As {@link #create(PythonRuntimeInfo, Path)}, stopping the processes it may start (the one-time
     * byte-compilation of the seed cache, the {@code python -m venv} fallback) when {@code cancellation}
     * fires; a cancelled creation leaves nothing at {@code target}.
     */
    public VirtualEnv create(PythonRuntimeInfo base, Path target, Cancellation cancellation) {
        return create(base, target, cancellation, true);
    }

    /**
     * A venv with nothing of its own in site-packages (no pip seeded): for packages that live
     * elsewhere and are put on its path by a {@code .pth} file, such as an environment baked into
     * the application at build time. Written natively, with no process, when the layout is known.
     */
    public VirtualEnv createBare(PythonRuntimeInfo base, Path target, Cancellation cancellation) {
        return create(base, target, cancellation, false);
    }

    private VirtualEnv create(PythonRuntimeInfo base, Path target, Cancellation cancellation, boolean seed) {
        cancellation.throwIfCancelled();
        Path root = target.toAbsolutePath().normalize();
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new VenvException(VenvException.Reason.PATH_EXISTS, root.toString(),
                    "Cannot create virtual environment '" + root + "': the path already exists. Delete it or choose another path.");
        }
        String tempPrefix = "." + root.getFileName() + ".tmp-";
        Path temp = root.resolveSibling(tempPrefix + UUID.randomUUID());
        // Under this venv's lock, every other work directory of the same name is a dead run's: remove it.
        try (InterProcessLock ignored = InterProcessLock.acquire(layout.lockFor(HomeLayout.LockKind.VENV, root), cancellation)) {
            Files.createDirectories(root.getParent());
            removeStale(root.getParent(), tempPrefix);
            Files.createDirectory(temp);
            writeInto(base, temp, root, cancellation, seed);
            // Inside the temporary directory, before the rename: a venv appears with its ownership file or not at all.
            writeOwnership(temp);
            cancellation.throwIfCancelled();
            try {
                Files.move(temp, root, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                throw new VenvException(VenvException.Reason.PATH_EXISTS, root.toString(),
                        "Cannot create virtual environment '" + root + "': another process created it meanwhile.", e);
            }
            return open(root).orElseThrow(() -> new VenvException(VenvException.Reason.CREATE_FAILED, root.toString(),
                    "Virtual environment '" + root + "' was created but cannot be opened: its python is missing"));
        } catch (IOException e) {
            throw new VenvException(VenvException.Reason.CREATE_FAILED, root.toString(),
                    "Cannot create virtual environment '" + root + "': " + e + ". Check that its parent directory is writable.", e);
        } catch (PythonException e) {
            // Room errors and cancellation (a process-room error) pass as they are.
            throw e;
        } catch (RuntimeException e) {
            throw new VenvException(VenvException.Reason.CREATE_FAILED, root.toString(),
                    "Cannot create virtual environment '" + root + "': " + e.getMessage(), e);
        } finally {
            try {
                FileTrees.delete(temp);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Cannot remove temporary directory {0}: {1}", temp, e.getMessage());
            }
        }
    }

    private static void removeStale(Path parent, String tempPrefix) {
        try (java.util.stream.Stream<Path> siblings = Files.list(parent)) {
            for (Path stale : siblings.filter(p -> p.getFileName().toString().startsWith(tempPrefix)).toList()) {
                LOG.log(System.Logger.Level.INFO, "Removing {0}, left by an interrupted venv creation", stale);
                FileTrees.delete(stale);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot clean up stale venv directories in {0}: {1}", parent, e.getMessage());
        }
    }

    /** How {@link #create} makes venvs for {@code base}: natively, or with {@code python -m venv} and why. */
    String strategy(PythonRuntimeInfo base) {
        try {
            plan(base, Cancellation.none(), true);
            return "native";
        } catch (BaseInterpreter.NotRecognized e) {
            return "python -m venv (" + e.getMessage() + ")";
        } catch (IOException e) {
            return "python -m venv (" + e.getMessage() + ")";
        }
    }

    private void writeInto(PythonRuntimeInfo base, Path temp, Path root, Cancellation cancellation, boolean seed) throws IOException {
        NativeVenvWriter.Plan plan;
        try {
            plan = plan(base, cancellation, seed);
        } catch (BaseInterpreter.NotRecognized | IOException e) {
            LOG.log(System.Logger.Level.INFO, "Creating {0} with {1} -m venv: cannot write it directly because {2}",
                    root, base.executable(), e.getMessage());
            StdlibVenv.create(runner, base.executable(), temp, root, cancellation, seed);
            return;
        }
        try {
            long begin = System.nanoTime();
            NativeVenvWriter.write(plan, temp, root);
            LOG.log(System.Logger.Level.DEBUG, "Wrote venv {0} from {1} in {2}", root, plan.base().executable(), Durations.since(begin));
        } catch (IOException first) {
            // Most likely a damaged seed cache (files removed under it): rebuild it and try once more.
            FileTrees.delete(temp);
            Files.createDirectory(temp);
            try {
                for (SeedImage image : plan.seeds()) {
                    seeds.invalidate(image);
                }
                NativeVenvWriter.write(plan(base, cancellation, seed), temp, root);
                LOG.log(System.Logger.Level.INFO, "Rebuilt the seed cache after writing {0} failed: {1}", root, first.toString());
            } catch (IOException | BaseInterpreter.NotRecognized again) {
                LOG.log(System.Logger.Level.WARNING, "Writing {0} directly failed ({1}); creating it with {2} -m venv instead",
                        root, again.toString(), base.executable());
                FileTrees.delete(temp);
                Files.createDirectory(temp);
                StdlibVenv.create(runner, base.executable(), temp, root, cancellation, seed);
            }
        }
    }

    private NativeVenvWriter.Plan plan(PythonRuntimeInfo info, Cancellation cancellation, boolean seed)
            throws BaseInterpreter.NotRecognized, IOException {
        BaseInterpreter base = BaseInterpreter.recognize(info, platform);
        List<Executables.Placement> executables = Executables.plan(base);
        ActivationScripts.Templates scripts = templates.get(base.stdlib());
        if (scripts == null) {
            scripts = ActivationScripts.load(base.stdlib(), platform);
            templates.put(base.stdlib(), scripts);
        }
        List<SeedImage> images = new ArrayList<>();
        List<BundledWheels.Wheel> bundled = wheels.get(base.stdlib());
        if (bundled == null) {
            bundled = BundledWheels.find(base.stdlib());
            wheels.put(base.stdlib(), bundled);
        }
        for (BundledWheels.Wheel wheel : seed ? bundled : List.<BundledWheels.Wheel>of()) {
            images.add(seeds.image(wheel, base, cancellation));
        }
        return new NativeVenvWriter.Plan(base, executables, scripts, List.copyOf(images));
    }

    /**
     * The venv at {@code root}, when it holds a {@code pyvenv.cfg} and a python that still resolves
     * (a venv whose base interpreter was removed is not usable). Starts no process.
     */
    public Optional<VirtualEnv> open(Path root) {
        Optional<PyvenvConfig> config = PyvenvConfig.read(root);
        if (config.isEmpty()) {
            return Optional.empty();
        }
        String version = config.get().version();
        String minor = version.replaceAll("^(\\d+\\.\\d+).*", "$1");
        VenvLayout layout = VenvLayout.of(platform, root, minor, false);
        Path python = layout.python(platform);
        if (!Files.isExecutable(python)) {
            return Optional.empty();
        }
        return Optional.of(new VirtualEnv(root, python, layout.binDir(), layout.sitePackages(), version,
                config.get().baseExecutable(platform)));
    }

    /**
     * Whether {@code venv} was made from {@code base}: same version in {@code pyvenv.cfg}, and its
     * python resolves to the same file as the base executable. A warm start uses this to keep a venv
     * only while its interpreter is the one it wants (an in-place upgrade or another
     * {@code beep.python.python-version} means a new venv). Starts no process.
     */
    public boolean isFrom(VirtualEnv venv, PythonRuntimeInfo base) {
        if (!PyvenvConfig.versionInfo(base.version()).equals(PyvenvConfig.versionInfo(venv.version()))) {
            return false;
        }
        try {
            return venv.python().toRealPath().equals(base.executable().toRealPath());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether the venv at {@code root} was made by Beep Python: it holds {@value #OWNERSHIP_FILE}. Only such a venv
     * may be deleted or re-created by us; any other is the user's. Works on a broken venv too (its python gone).
     */
    public boolean isOurs(Path root) {
        return Files.isRegularFile(root.resolve(OWNERSHIP_FILE), LinkOption.NOFOLLOW_LINKS);
    }

    /** As {@link #isOurs(Path)}. */
    public boolean isOurs(VirtualEnv venv) {
        return isOurs(venv.root());
    }

    /**
     * Writes the ownership file into the venv at {@code root}, which the caller knows to be ours by other means (a
     * venv of an earlier version, which carried only the bootstrap's marker); a no-op when it is there already.
     */
    public void claim(Path root) {
        if (isOurs(root)) {
            return;
        }
        try {
            writeOwnership(root);
        } catch (IOException e) {
            throw new VenvException(VenvException.Reason.CREATE_FAILED, root.toString(),
                    "Cannot write " + root.resolve(OWNERSHIP_FILE) + ": " + e.getMessage() + ". Check that the venv is writable.", e);
        }
    }

    /** Without waiting for the disk, like the venv's other files: a venv lost in a crash is made again. */
    private static void writeOwnership(Path root) throws IOException {
        AtomicFiles.writeWithoutSync(root.resolve(OWNERSHIP_FILE), ("Made by Beep Python at " + Instant.now()
                + ".\nBeep Python deletes or re-creates only venvs that hold this file.\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The {@code site-packages} of {@code interpreter} itself, for use without a venv: its prefix is
     * laid out as a venv is ({@code lib/pythonX.Y/site-packages}, {@code Lib\site-packages} on Windows).
     */
    public Path sitePackages(PythonRuntimeInfo interpreter) {
        return VenvLayout.of(platform, interpreter.prefix(), interpreter.minorVersion(), false).sitePackages();
    }

    /** Deletes {@code root} and everything below it, without following links out of it; a missing directory is fine. */
    public void delete(Path root) {
        try {
            FileTrees.delete(root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + root, e);
        }
    }

    private static Path defaultHome() {
        String env = System.getenv("BEEP_PYTHON_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".beep-python");
    }
}
