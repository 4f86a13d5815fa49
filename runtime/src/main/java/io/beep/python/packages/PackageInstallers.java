package io.beep.python.packages;

import io.beep.python.InstallResult;
import io.beep.python.fs.HomeLayout;
import io.beep.python.process.Cancellation;
import io.beep.python.process.InterProcessLock;
import io.beep.python.process.ProcessRunner;
import io.beep.python.packages.lock.LockFile;
import io.beep.python.packages.lock.LockRecorder;
import io.beep.python.packages.lock.LockReport;
import io.beep.python.packages.pep508.Version;
import io.beep.python.packages.store.DistributionStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The packages room's door for installing: requirements go into an environment with ONE installer
 * invocation for the whole set, and what is installed is read from the environment's metadata
 * without starting a process. The work is split by job: {@link InstallerChoice} decides which
 * installer runs, {@link InstallRun} runs it against a snapshot (rolled back on failure) and says
 * what changed, {@link LockRecorder} records the result in the venv's {@code pylock.toml}.
 */
public final class PackageInstallers {

    private final Path home;
    private final WorkFiles work;
    private final UvTool uv;
    private final InstallerChoice choice;
    private final LockRecorder locks = new LockRecorder();
    private final DistributionStore store;
    private final SeedWheels seedWheels;
    /**
     * Who hears of the installs the current thread runs ({@link #reportingTo}): a bootstrap's several installs (a project's
     * lock, its local packages, the requirements) all report to its tracker without a listener in every signature.
     */
    private final ThreadLocal<Consumer<InstallProgress>> progress = ThreadLocal.withInitial(() -> p -> {
    });

    public PackageInstallers(Path home, ProcessRunner runner) {
        this(home, runner, true);
    }

    /** {@code useStore=false}: every install runs its installer (benchmarks of the installers themselves). */
    PackageInstallers(Path home, ProcessRunner runner, boolean useStore) {
        this.home = home;
        this.work = new WorkFiles(home);
        this.uv = new UvTool(home, runner);
        this.choice = new InstallerChoice(runner, uv);
        this.store = useStore ? DistributionStore.under(home) : DistributionStore.disabled();
        this.seedWheels = new SeedWheels(home, runner, work);
    }

    /**
     * {@code seed-packages}: upgrades the new venv of {@code python} to {@code requirements} (pip, setuptools and wheel
     * for {@code latest}), from wheels fetched once per home and kept in its seed cache. A failure names the packages.
     */
    public void seed(Path python, Path sitePackages, List<Requirement> requirements, PackageSources sources, Duration timeout,
            Cancellation cancellation) {
        seedWheels.seed(python, sitePackages, requirements, sources, timeout, cancellation);
    }

    /**
     * Runs {@code work}, whose installs on this thread report to {@code listener} what their installer says while it
     * runs (packages done of total, bytes downloaded); the previous listener is back afterwards.
     */
    public <T> T reportingTo(Consumer<InstallProgress> listener, Supplier<T> work) {
        Consumer<InstallProgress> before = progress.get();
        progress.set(listener);
        try {
            return work.get();
        } finally {
            progress.set(before);
        }
    }

    /**
     * Installs {@code requirements} into the environment whose interpreter is {@code python} and
     * whose distributions live in {@code sitePackages}. A failed install is an
     * {@link InstallFailedException} naming the requirements, with credentials masked, after the
     * environment was rolled back.
     */
    public InstallResult install(Path python, Path sitePackages, List<Requirement> requirements, InstallerKind kind,
            PackageSources sources, Duration timeout, Cancellation cancellation) {
        return run(InstallRun.Job.requirements(python, sitePackages, requirements, kind, sources, timeout, cancellation));
    }

    /**
     * Installs from a {@code requirements.txt} or a PEP 751 {@code pylock.toml}. Every requirement in
     * a requirements file is validated first; a lock installs exactly its versions, hash-checked,
     * without resolving dependencies again.
     */
    public InstallResult installFile(Path python, Path sitePackages, Path requirementsFile, InstallerKind kind, PackageSources sources,
            Duration timeout, Cancellation cancellation) {
        if (!Files.isRegularFile(requirementsFile)) {
            throw new PackagesException(PackagesException.Reason.REQUIREMENTS_FILE, requirementsFile.toString(),
                    "The requirements file " + requirementsFile + " does not exist.");
        }
        if (RequirementsFile.isLock(requirementsFile)) {
            RequirementsFile.LockInstall lock = RequirementsFile.fromLock(requirementsFile, TargetVenv.markers(python, sitePackages));
            return installLock(python, sitePackages, lock, kind, sources, timeout, cancellation);
        }
        RequirementsFile.Plain plain = RequirementsFile.read(requirementsFile);
        return run(InstallRun.Job.requirementsFile(python, sitePackages, plain, requirementsFile, kind, sources, timeout, cancellation));
    }

    /**
     * Installs a Python project's requirements ({@code pyproject.toml}, its lock when it has one) into the
     * environment of {@code python}. A lock is installed exactly, hash-checked, without resolving again;
     * without a lock the project's dependencies, extras and groups are resolved by the installer.
     *
     * @throws PackagesException naming the file and the entry for a malformed project or lock, or a lock
     *                           that no longer matches its {@code pyproject.toml}
     */
    public InstallResult installProject(Path python, Path sitePackages, PythonProject project, InstallerKind kind, PackageSources sources,
            Duration timeout, Cancellation cancellation) {
        return ProjectInstall.install(this, python, sitePackages, project, kind, sources, timeout, cancellation);
    }

    /** A lock's exact pins: {@code --no-deps}, hash-checked when every pin has hashes. */
    InstallResult installLock(Path python, Path sitePackages, RequirementsFile.LockInstall lock, InstallerKind kind, PackageSources sources,
            Duration timeout, Cancellation cancellation) {
        Path argsFile = work.requirements(lock.lines());
        try {
            return run(InstallRun.Job.lock(python, sitePackages, lock, argsFile, kind, sources, timeout, cancellation));
        } finally {
            WorkFiles.delete(argsFile);
        }
    }

    /** Local directories ({@code -e DIR} for editable ones), built and installed with {@code --no-deps}. */
    InstallResult installLocal(Path python, Path sitePackages, List<String> arguments, InstallerKind kind, PackageSources sources,
            Duration timeout, Cancellation cancellation) {
        return run(InstallRun.Job.local(python, sitePackages, arguments, kind, sources, timeout, cancellation));
    }

    /** A fresh directory in the home's scratch, removed by its maker (or, once its JVM is gone, by the next install). */
    Path scratchDirectory() {
        return work.directory();
    }

    /** Whether every requirement is already met by the installed distributions (no process started). */
    public boolean satisfied(Path python, Path sitePackages, List<Requirement> requirements) {
        return Satisfaction.unmet(requirements, SitePackages.read(sitePackages), TargetVenv.markers(python, sitePackages)).isEmpty();
    }

    /** Installed distributions, normalized name to version, read from {@code *.dist-info/METADATA}. */
    public Map<String, String> installed(Path sitePackages) {
        return SitePackages.versions(sitePackages);
    }

    /** {@code pip check}-style problems of the environment, read from metadata (no process). */
    public List<String> consistencyProblems(Path python, Path sitePackages) {
        return ConsistencyCheck.problems(SitePackages.read(sitePackages), TargetVenv.markers(python, sitePackages));
    }

    /** The lock file an install into the venv of {@code python} writes, when {@code python} belongs to a venv. */
    public static Optional<Path> lockFile(Path python) {
        return TargetVenv.lockFile(python);
    }

    /** The uv binary under {@code ${home}/tools/}, when it has been fetched. */
    public Optional<Path> uvBinary() {
        return uv.installed();
    }

    /**
     * The venv's {@code pylock.toml} once any lock writing still running in the background for it
     * has finished (at most {@code timeout}); empty when {@code python} is not in a venv.
     */
    public Optional<Path> awaitLockFile(Path python, Duration timeout) {
        TargetVenv.root(python).ifPresent(root -> locks.await(root, timeout));
        return lockFile(python);
    }

    /**
     * Waits (at most {@code timeout} in all) for every lock file still being written in the
     * background, so that a caller about to delete environments or exit leaves no write half-done.
     */
    public void awaitBackgroundWork(Duration timeout) {
        locks.awaitAll(timeout);
    }

    private InstallResult run(InstallRun.Job job) {
        long begin = System.nanoTime();
        if (job.requested().isEmpty() && job.arguments().isEmpty()) {
            return InstallResult.nothingToDo(InstallRun.masked(job.requested()), Duration.ofNanos(System.nanoTime() - begin));
        }
        Path prefix = TargetVenv.root(job.python()).orElse(job.python().toAbsolutePath().getParent().getParent());
        removeAbandoned(prefix);
        // A lock file still being written for this environment describes the state this install starts from.
        locks.await(prefix, job.timeout());
        return new InstallRun(job, prefix, work, choice, locks, cancellation -> installLock(prefix, cancellation), store,
                progress.get()).execute(begin);
    }

    /**
     * Writes the venv's {@code pylock.toml} anew for what is installed now, for an environment whose lock
     * is missing or behind (a manual {@code pip install}, a lock deleted): entries of the current lock at
     * the installed version are kept, the others are asked from the installer ({@code kind}: sources and
     * hashes, resolved at the index without changing the environment), and what it cannot tell is
     * recorded with name and version only.
     *
     * @throws PackagesException naming {@code python} when it is not the interpreter of a venv
     */
    public LockReport writeLock(Path python, Path sitePackages, InstallerKind kind, PackageSources sources, Duration timeout,
            Cancellation cancellation) {
        Path root = TargetVenv.root(python).orElseThrow(() -> new PackagesException(PackagesException.Reason.REQUIREMENTS_FILE, python.toString(),
                "Python '" + python + "' is not the interpreter of a virtual environment (no pyvenv.cfg); a lock file describes a venv."));
        Path lock = root.resolve(LockFile.FILE_NAME);
        removeAbandoned(root);
        locks.await(root, timeout);
        try (InterProcessLock ignored = installLock(root, cancellation)) {
            List<String> warnings = new java.util.ArrayList<>();
            Map<String, String> installed = SitePackages.lockVersions(sitePackages, warnings);
            Map<String, LockFile.Package> known = new java.util.LinkedHashMap<>();
            if (Files.isRegularFile(lock)) {
                try {
                    LockFile.read(lock).forEach(p -> known.put(Requirement.normalize(p.name()), p));
                } catch (PackagesException e) {
                    // An unreadable lock is replaced whole.
                }
            }
            Map<String, String> missing = new java.util.TreeMap<>();
            installed.forEach((name, version) -> {
                LockFile.Package entry = known.get(name);
                if (entry == null || entry.version() == null || entry.artifacts().isEmpty()
                        || !Version.tryParse(entry.version()).equals(Version.tryParse(version))) {
                    missing.put(name, version);
                }
            });
            Map<String, LockFile.Package> fresh = new java.util.LinkedHashMap<>();
            if (!missing.isEmpty()) {
                Installer installer = choice.choose(kind, python, sitePackages, sources, timeout, cancellation);
                Path workDirectory = work.directory();
                try {
                    fresh.putAll(installer.lockEntries(new Installer.Request(python, sitePackages, List.of(), sources, true, false, timeout,
                            cancellation, workDirectory), missing));
                } finally {
                    WorkFiles.delete(workDirectory);
                }
                missing.forEach((name, version) -> fresh.putIfAbsent(name, new LockFile.Package(name, version, Optional.empty(), "wheels",
                        List.of(), Optional.empty())));
            }
            LockRecorder.merge(lock, installed, fresh).ifPresent(problem -> {
                throw new PackagesException(PackagesException.Reason.HOME_UNWRITABLE, lock.toString(), problem);
            });
            List<LockFile.Package> written = LockFile.read(lock);
            List<String> withoutHashes = written.stream().filter(p -> !p.hasHashes() && !p.kind().equals("directory") && !p.kind().equals("vcs")).map(LockFile.Package::name).sorted().toList();
            return new LockReport(lock, written.size(), missing.size(), withoutHashes, warnings);
        }
    }

    /**
     * What installs whose JVM is gone left: the rollback beside the venv and the work directories in the home. Every
     * install does it, one that finds nothing to do too, so a killed run's leftovers go with the next run.
     */
    private void removeAbandoned(Path prefix) {
        EnvironmentSnapshot.removeAbandoned(prefix);
        work.removeAbandoned();
    }

    /** Installs into one environment take turns, across threads and processes. */
    private InterProcessLock installLock(Path prefix, Cancellation cancellation) {
        return InterProcessLock.acquire(HomeLayout.of(home).lockFor(HomeLayout.LockKind.INSTALL, prefix), cancellation);
    }
}
