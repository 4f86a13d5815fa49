package io.beep.python.packages;

import io.beep.python.BootstrapStage;
import io.beep.python.InstallResult;
import io.beep.python.PythonBootstrapException;
import io.beep.python.PythonProcessException;
import io.beep.python.Secrets;
import io.beep.python.fs.FileTrees;
import io.beep.python.process.Cancellation;
import io.beep.python.process.InterProcessLock;
import io.beep.python.process.ProcessRunner;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Installs requirements into an environment with ONE installer invocation for the whole set, and
 * reads what is installed from the environment's metadata without starting a process.
 * <p>
 * An install that is already satisfied (decided from the installed metadata) starts no process.
 * Otherwise the install runs against a snapshot of the environment; if it fails, the environment
 * is restored exactly and the error says so. After a success, dependency problems are reported as
 * warnings and the venv's {@code pylock.toml} (PEP 751) records what is installed, with hashes.
 */
public final class PackageInstallers {

    private static final System.Logger LOG = System.getLogger(PackageInstallers.class.getName());

    private final Path home;
    private final ProcessRunner runner;
    private final UvTool uv;
    /** Lock files still being written in the background, by environment prefix. */
    private final Map<Path, CompletableFuture<Void>> pendingLocks = new ConcurrentHashMap<>();
    private final Executor background = runnable -> {
        Thread thread = new Thread(runnable, "beep-python-lock-writer");
        thread.setDaemon(true);
        thread.start();
    };

    public PackageInstallers(Path home, ProcessRunner runner) {
        this.home = home;
        this.runner = runner;
        this.uv = new UvTool(home, runner);
    }

    /**
     * Installs {@code requirements} into the environment whose interpreter is {@code python} and
     * whose distributions live in {@code sitePackages}. A failed install is an
     * {@link InstallFailedException} (a {@link PythonBootstrapException} at
     * {@link BootstrapStage#INSTALLING_PACKAGES}) naming the requirements, with credentials masked,
     * after the environment was rolled back.
     */
    public InstallResult install(Path python, Path sitePackages, List<Requirement> requirements, InstallerKind kind,
            PackageSources sources, Duration timeout, Cancellation cancellation) {
        List<String> texts = requirements.stream().map(Requirement::text).toList();
        return run(new Job(python, sitePackages, texts, requirements, texts, false, false, kind, sources, timeout, cancellation));
    }

    /**
     * Installs from a {@code requirements.txt} or a PEP 751 {@code pylock.toml}. Every requirement in
     * a requirements file is validated first; a lock installs exactly its versions, hash-checked,
     * without resolving dependencies again.
     */
    public InstallResult installFile(Path python, Path sitePackages, Path requirementsFile, InstallerKind kind, PackageSources sources,
            Duration timeout, Cancellation cancellation) {
        if (!Files.isRegularFile(requirementsFile)) {
            throw new PythonBootstrapException(BootstrapStage.INSTALLING_PACKAGES, requirementsFile.toString(),
                    "The requirements file " + requirementsFile + " does not exist. Check beep.python.requirements-file.");
        }
        if (RequirementsFile.isLock(requirementsFile)) {
            RequirementsFile.LockInstall lock = RequirementsFile.fromLock(requirementsFile, MarkerEnvironment.of(python, sitePackages));
            List<String> texts = lock.pins().stream().map(Requirement::text).toList();
            Path argsFile = writeTemporaryRequirements(lock.lines());
            try {
                return run(new Job(python, sitePackages, texts, lock.pins(), List.of("-r", argsFile.toString()), true, lock.hashed(), kind,
                        sources, timeout, cancellation));
            } finally {
                deleteQuietly(argsFile);
            }
        }
        RequirementsFile.Plain plain = RequirementsFile.read(requirementsFile);
        List<String> texts = plain.requirements().stream().map(Requirement::text).toList();
        // Lines we cannot judge (-e, options) mean the installer must run to decide.
        List<Requirement> forSatisfaction = plain.opaque() ? null : plain.requirements();
        return run(new Job(python, sitePackages, texts, forSatisfaction, List.of("-r", requirementsFile.toAbsolutePath().toString()), false,
                false, kind, sources, timeout, cancellation));
    }

    /** Reads and validates a {@code requirements.txt} or {@code pylock.toml} without installing anything. */
    public static List<Requirement> readRequirementsFile(Path file) {
        if (RequirementsFile.isLock(file)) {
            return RequirementsFile.fromLock(file, Map.of()).pins();
        }
        return RequirementsFile.read(file).requirements();
    }

    /** Whether every requirement is already met by the installed distributions (no process started). */
    public boolean satisfied(Path python, Path sitePackages, List<Requirement> requirements) {
        return Satisfaction.unmet(requirements, SitePackages.read(sitePackages), MarkerEnvironment.of(python, sitePackages)).isEmpty();
    }

    /** Installed distributions, normalized name to version, read from {@code *.dist-info/METADATA}. */
    public Map<String, String> installed(Path sitePackages) {
        return SitePackages.versions(sitePackages);
    }

    /** {@code pip check}-style problems of the environment, read from metadata (no process). */
    public List<String> consistencyProblems(Path python, Path sitePackages) {
        return ConsistencyCheck.problems(SitePackages.read(sitePackages), MarkerEnvironment.of(python, sitePackages));
    }

    /** The lock file an install into the venv of {@code python} writes, when {@code python} belongs to a venv. */
    public static Optional<Path> lockFile(Path python) {
        return venvRoot(python).map(root -> root.resolve(LockFile.FILE_NAME));
    }

    /** The uv binary under {@code ${home}/tools/}, when it has been fetched. */
    public Optional<Path> uvBinary() {
        return uv.installed();
    }

    private record Job(Path python, Path sitePackages, List<String> requested, List<Requirement> forSatisfaction, List<String> arguments,
            boolean noDependencies, boolean requireHashes, InstallerKind kind, PackageSources sources, Duration timeout,
            Cancellation cancellation) {
    }

    private InstallResult run(Job job) {
        long begin = System.nanoTime();
        if (job.requested().isEmpty() && job.arguments().isEmpty()) {
            return InstallResult.nothingToDo(masked(job.requested()), elapsed(begin));
        }
        Path prefix = venvRoot(job.python()).orElse(job.python().toAbsolutePath().getParent().getParent());
        awaitPendingLock(prefix);
        Map<String, String> environment = MarkerEnvironment.of(job.python(), job.sitePackages());
        if (job.forSatisfaction() != null) {
            List<String> unmet = Satisfaction.unmet(job.forSatisfaction(), SitePackages.read(job.sitePackages()), environment);
            if (unmet.isEmpty()) {
                LOG.log(Level.DEBUG, () -> "Already satisfied, no installer started: " + Secrets.mask(String.join(", ", job.requested())));
                return InstallResult.nothingToDo(masked(job.requested()), elapsed(begin));
            }
            LOG.log(Level.DEBUG, () -> "To install: " + Secrets.mask(String.join("; ", unmet)));
        }
        List<String> warnings = new ArrayList<>();
        Installer installer = choose(job, warnings);
        try (InterProcessLock ignored = installLock(prefix, job.cancellation())) {
            // Read under the lock: another process may have installed while we waited.
            Map<String, InstalledDistribution> before = SitePackages.read(job.sitePackages());
            Path work = temporaryDirectory();
            Installer.Request request = new Installer.Request(job.python(), job.sitePackages(), job.arguments(), job.sources(),
                    job.noDependencies(), job.requireHashes(), job.timeout(), job.cancellation(), work);
            Installer.Outcome outcome;
            try (EnvironmentSnapshot snapshot = EnvironmentSnapshot.take(prefix, installRoots(prefix, job))) {
                try {
                    outcome = installer.install(request);
                } catch (RuntimeException e) {
                    throw failure(job, installer, rollBack(snapshot, job), e.getMessage(), e);
                }
                if (!outcome.ok()) {
                    throw failure(job, installer, rollBack(snapshot, job), errorLines(outcome.output()), null);
                }
            } finally {
                deleteQuietly(work);
            }
            Map<String, InstalledDistribution> after = SitePackages.read(job.sitePackages());
            Map<String, String> changed = new TreeMap<>();
            after.forEach((name, dist) -> {
                InstalledDistribution old = before.get(name);
                if (old == null || !old.version().equals(dist.version())) {
                    changed.put(name, dist.version());
                }
            });
            // pip's report also names what it reinstalled at the same version (e.g. from another URL).
            outcome.locked().forEach((name, p) -> {
                if (p.version() != null && after.containsKey(name)) {
                    changed.put(name, after.get(name).version());
                }
            });
            warnings.addAll(ConsistencyCheck.problems(after, environment));
            writeLock(prefix, job, installer, request, after, outcome.locked(), changed, warnings);
            return new InstallResult(masked(job.requested()), changed, false, installer.name(), masked(warnings),
                    elapsed(begin));
        }
    }

    private Installer choose(Job job, List<String> warnings) {
        return switch (job.kind()) {
            case PIP -> new PipInstaller(runner);
            case UV -> new UvInstaller(runner, uv.ensure(pipPython(job), job.sources(), job.timeout(), job.cancellation()));
            case AUTO -> {
                Optional<Path> present = uv.installed();
                if (present.isPresent()) {
                    yield new UvInstaller(runner, present.get());
                }
                if (job.sources().offline() || uv.recentlyUnavailable()) {
                    // Offline never fetches: uv is used only when an earlier online run left it in ${home}/tools.
                    // And an index that had no uv a moment ago is not asked again on every install.
                    yield new PipInstaller(runner);
                }
                try {
                    yield new UvInstaller(runner, uv.ensure(pipPython(job), job.sources(), job.timeout(), job.cancellation()));
                } catch (PythonBootstrapException | PythonProcessException e) {
                    // auto means "uv when available": falling back is the contract, not a problem with the environment.
                    uv.markUnavailable();
                    LOG.log(Level.INFO, () -> "installer=auto: uv is not available (" + Secrets.mask(e.getMessage()) + "); using pip");
                    yield new PipInstaller(runner);
                }
            }
        };
    }

    /**
     * An interpreter with pip, to fetch uv with: the environment's own, or, for a venv made without
     * pip, the base interpreter it was made from ({@code home} in {@code pyvenv.cfg}).
     */
    private static Path pipPython(Job job) {
        if (Files.isDirectory(job.sitePackages().resolve("pip"))) {
            return job.python();
        }
        return venvRoot(job.python()).flatMap(root -> {
            try {
                for (String line : Files.readAllLines(root.resolve("pyvenv.cfg"))) {
                    String[] kv = line.split("=", 2);
                    if (kv.length == 2 && kv[0].strip().equals("home")) {
                        Path base = Path.of(kv[1].strip()).resolve("python3");
                        return Files.isExecutable(base) ? Optional.of(base) : Optional.<Path>empty();
                    }
                }
            } catch (IOException e) {
                // fall through to the environment's own interpreter
            }
            return Optional.<Path>empty();
        }).orElse(job.python());
    }

    /** Where an install writes: site-packages, the scripts directory, and the prefix's include/ and share/ (data files). */
    private static List<Path> installRoots(Path prefix, Job job) {
        return List.of(job.sitePackages(), job.python().toAbsolutePath().getParent(), prefix.resolve("include"), prefix.resolve("share"));
    }

    private static boolean rollBack(EnvironmentSnapshot snapshot, Job job) {
        try {
            snapshot.restore();
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "Could not roll back " + job.sitePackages() + " after a failed install: " + e.getMessage());
            return false;
        }
    }

    private static InstallFailedException failure(Job job, Installer installer, boolean rolledBack, String detail, Throwable cause) {
        String requested = Secrets.mask(String.join(", ", job.requested()));
        String message = installer.name() + " could not install " + requested + ": " + Secrets.mask(detail == null ? "" : detail.strip())
                + (rolledBack ? " The environment was rolled back to its state before the install."
                        : " Rolling back the environment failed too; recreate the virtual environment.")
                + " Check the requirement names and versions and the package sources (index-url, find-links, offline).";
        return new InstallFailedException(requested, installer.name(), rolledBack, message, cause);
    }

    /** The informative part of an installer's output: its ERROR lines, else the last lines. */
    static String errorLines(String output) {
        List<String> lines = output == null ? List.of() : output.strip().lines().toList();
        List<String> errors = lines.stream().filter(l -> l.startsWith("ERROR:") || l.startsWith("error:") || l.startsWith("  ╰─▶")
                || l.startsWith("  Caused by:") || l.contains("×")).toList();
        List<String> chosen = errors.isEmpty() ? lines.subList(Math.max(0, lines.size() - 8), lines.size()) : errors;
        return String.join("\n", chosen.subList(0, Math.min(chosen.size(), 12)));
    }

    /**
     * Writes {@code ${venv}/pylock.toml}. When the installer reported sources and hashes (pip's
     * report) it is written now; otherwise (uv) the hashes are gathered and the lock written on a
     * background thread, off the install's critical path. The next install into the same
     * environment, and {@link #awaitLockFile}, wait for it.
     */
    private void writeLock(Path prefix, Job job, Installer installer, Installer.Request request, Map<String, InstalledDistribution> installed,
            Map<String, LockFile.Package> reported, Map<String, String> changed, List<String> warnings) {
        Optional<Path> lock = lockFile(job.python());
        if (lock.isEmpty()) {
            return;
        }
        Map<String, String> missing = new TreeMap<>(changed);
        missing.keySet().removeAll(reported.keySet());
        if (missing.isEmpty()) {
            String problem = mergeLock(lock.get(), installed, reported);
            if (problem != null) {
                warnings.add(problem);
            }
            return;
        }
        CompletableFuture<Void> pending = CompletableFuture.runAsync(() -> {
            Path work = temporaryDirectory();
            try (InterProcessLock ignored = installLock(prefix, Cancellation.none())) {
                Map<String, LockFile.Package> entries = new LinkedHashMap<>(reported);
                entries.putAll(installer.lockEntries(new Installer.Request(request.python(), request.sitePackages(), request.arguments(),
                        request.sources(), request.noDependencies(), request.requireHashes(), request.timeout(), Cancellation.none(), work),
                        missing));
                String problem = mergeLock(lock.get(), SitePackages.read(job.sitePackages()), entries);
                if (problem != null) {
                    LOG.log(Level.WARNING, problem);
                }
            } finally {
                deleteQuietly(work);
            }
        }, background);
        pendingLocks.put(prefix, pending);
    }

    /** Merges {@code fresh} entries into the lock, keeping only what is installed now at the version installed now. */
    private static String mergeLock(Path lock, Map<String, InstalledDistribution> installed, Map<String, LockFile.Package> fresh) {
        Map<String, LockFile.Package> packages = new LinkedHashMap<>();
        if (Files.isRegularFile(lock)) {
            try {
                LockFile.read(lock).forEach(p -> packages.put(Requirement.normalize(p.name()), p));
            } catch (PythonBootstrapException e) {
                LOG.log(Level.WARNING, "Replacing unreadable lock file " + lock + ": " + e.getMessage());
            }
        }
        packages.putAll(fresh);
        packages.entrySet().removeIf(e -> {
            InstalledDistribution d = installed.get(e.getKey());
            return d == null || e.getValue().version() == null || !Version.tryParse(d.version()).equals(Version.tryParse(e.getValue().version()));
        });
        try {
            LockFile.write(lock, packages.values(), null);
            return null;
        } catch (IOException e) {
            return "Could not write the lock file " + lock + ": " + e.getMessage();
        }
    }

    /**
     * The venv's {@code pylock.toml} once any lock writing still running in the background for it
     * has finished (at most {@code timeout}); empty when {@code python} is not in a venv.
     */
    public Optional<Path> awaitLockFile(Path python, Duration timeout) {
        Optional<Path> lock = lockFile(python);
        venvRoot(python).map(pendingLocks::get).ifPresent(f -> {
            try {
                f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.log(Level.WARNING, "Lock file for " + python + " not written: " + e.getMessage());
            }
        });
        return lock;
    }

    private void awaitPendingLock(Path prefix) {
        CompletableFuture<Void> pending = pendingLocks.get(prefix);
        if (pending != null) {
            pending.exceptionally(e -> null).join();
        }
    }

    static Optional<Path> venvRoot(Path python) {
        Path bin = python.toAbsolutePath().getParent();
        Path root = bin == null ? null : bin.getParent();
        return root != null && Files.isRegularFile(root.resolve("pyvenv.cfg")) ? Optional.of(root) : Optional.empty();
    }

    private Path temporaryDirectory() {
        try {
            Path tmp = home.resolve("tmp");
            Files.createDirectories(tmp);
            return Files.createTempDirectory(tmp, "install-");
        } catch (IOException e) {
            throw new PythonBootstrapException(BootstrapStage.INSTALLING_PACKAGES, home.toString(),
                    "Cannot create a working directory under " + home + ": " + e.getMessage() + ". Check that beep.python.home is writable.", e);
        }
    }

    private Path writeTemporaryRequirements(List<String> lines) {
        try {
            Path tmp = home.resolve("tmp");
            Files.createDirectories(tmp);
            Path file = Files.createTempFile(tmp, "lock-", ".txt");
            Files.write(file, lines);
            return file;
        } catch (IOException e) {
            throw new PythonBootstrapException(BootstrapStage.INSTALLING_PACKAGES, home.toString(),
                    "Cannot write under " + home + ": " + e.getMessage() + ". Check that beep.python.home is writable.", e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            FileTrees.delete(path);
        } catch (IOException e) {
            // Temporary files only.
        }
    }

    /** Results may be logged or shown in health data: no credential from a URL requirement or index may reach them. */
    private static List<String> masked(List<String> texts) {
        return texts.stream().map(Secrets::mask).toList();
    }

    private static Duration elapsed(long begin) {
        return Duration.ofNanos(System.nanoTime() - begin);
    }


    /** Installs into one environment take turns, across threads and processes. */
    private InterProcessLock installLock(Path prefix, Cancellation cancellation) {
        String key = HexFormat.of().formatHex(sha256(prefix.toAbsolutePath().normalize().toString())).substring(0, 16);
        return InterProcessLock.inHome(home, "install-" + key, cancellation);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
