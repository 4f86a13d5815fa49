package io.beep.python.packages;

import io.beep.python.InstallResult;
import io.beep.python.Secrets;
import io.beep.python.process.Cancellation;
import io.beep.python.process.InterProcessLock;
import io.beep.python.packages.lock.LockFile;
import io.beep.python.packages.lock.LockRecorder;
import io.beep.python.packages.store.DistributionStore;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One install into one environment: nothing when the requirements are already met; otherwise,
 * under the environment's install lock, the chosen installer runs against a snapshot that is
 * restored if it fails, and the result says what changed. The lock file is recorded last.
 */
final class InstallRun {

    private static final System.Logger LOG = System.getLogger(InstallRun.class.getName());

    /**
     * What to install, as the door received it, made by the factory for its kind of install.
     * {@code forSatisfaction} is null when only the installer can tell. {@code known}: lock entries the job already
     * has (from the lock it installs), recorded in the venv's lock without asking the installer for them.
     */
    record Job(Path python, Path sitePackages, List<String> requested, List<Requirement> forSatisfaction, List<String> arguments,
            boolean noDependencies, boolean requireHashes, InstallerKind kind, PackageSources sources, Duration timeout,
            Cancellation cancellation, Map<String, LockFile.Package> known) {

        Job(Path python, Path sitePackages, List<String> requested, List<Requirement> forSatisfaction, List<String> arguments,
                boolean noDependencies, boolean requireHashes, InstallerKind kind, PackageSources sources, Duration timeout,
                Cancellation cancellation) {
            this(python, sitePackages, requested, forSatisfaction, arguments, noDependencies, requireHashes, kind, sources, timeout,
                    cancellation, Map.of());
        }

        /** Requirements one by one: the installer resolves their dependencies. */
        static Job requirements(Path python, Path sitePackages, List<Requirement> requirements, InstallerKind kind, PackageSources sources,
                Duration timeout, Cancellation cancellation) {
            List<String> texts = requirements.stream().map(Requirement::text).toList();
            return new Job(python, sitePackages, texts, requirements, texts, false, false, kind, sources, timeout, cancellation);
        }

        /** A lock's exact pins, written to {@code argsFile}: no resolving again, hash-checked when the lock has hashes. */
        static Job lock(Path python, Path sitePackages, RequirementsFile.LockInstall lock, Path argsFile, InstallerKind kind,
                PackageSources sources, Duration timeout, Cancellation cancellation) {
            List<String> texts = lock.pins().stream().map(Requirement::text).toList();
            return new Job(python, sitePackages, texts, lock.pins(), List.of("-r", argsFile.toString()), true, lock.hashed(), kind, sources,
                    timeout, cancellation, lock.entries());
        }

        /** Local directories (a project, its path dependencies) built and installed as they are; only the installer can tell what changed. */
        static Job local(Path python, Path sitePackages, List<String> arguments, InstallerKind kind, PackageSources sources, Duration timeout,
                Cancellation cancellation) {
            List<String> texts = arguments.stream().filter(a -> !a.equals("-e")).toList();
            return new Job(python, sitePackages, texts, null, arguments, true, false, kind, sources, timeout, cancellation);
        }

        /** A requirements file handed to the installer as it is; hash-checked (all or nothing) when a line has a hash. */
        static Job requirementsFile(Path python, Path sitePackages, RequirementsFile.Plain plain, Path file, InstallerKind kind,
                PackageSources sources, Duration timeout, Cancellation cancellation) {
            List<String> texts = plain.requirements().stream().map(Requirement::text).toList();
            // Lines we cannot judge (-e, options) mean the installer must run to decide.
            List<Requirement> forSatisfaction = plain.opaque() ? null : plain.requirements();
            return new Job(python, sitePackages, texts, forSatisfaction, List.of("-r", file.toAbsolutePath().toString()), false, plain.hashed(), kind,
                    sources, timeout, cancellation);
        }
    }

    private final Job job;
    private final Path prefix;
    private final WorkFiles work;
    private final InstallerChoice choice;
    private final LockRecorder locks;
    private final Function<Cancellation, InterProcessLock> installLock;
    private final DistributionStore store;
    private final Consumer<InstallProgress> progress;

    InstallRun(Job job, Path prefix, WorkFiles work, InstallerChoice choice, LockRecorder locks,
            Function<Cancellation, InterProcessLock> installLock, DistributionStore store, Consumer<InstallProgress> progress) {
        this.store = store;
        this.progress = progress;
        this.job = job;
        this.prefix = prefix;
        this.work = work;
        this.choice = choice;
        this.locks = locks;
        this.installLock = installLock;
    }

    InstallResult execute(long begin) {
        Map<String, String> environment = TargetVenv.markers(job.python(), job.sitePackages());
        // An installer still writing here (left by a killed JVM, or another live one's) makes what is on disk no proof.
        if (job.forSatisfaction() != null && OrphanInstallers.find(job.python()).isEmpty()) {
            List<String> unmet = Satisfaction.unmet(job.forSatisfaction(), SitePackages.read(job.sitePackages()), environment);
            if (unmet.isEmpty()) {
                LOG.log(Level.DEBUG, () -> "Already satisfied, no installer started: " + Secrets.mask(String.join(", ", job.requested())));
                return InstallResult.nothingToDo(masked(job.requested()), elapsed(begin));
            }
            LOG.log(Level.DEBUG, () -> "To install: " + Secrets.mask(String.join("; ", unmet)));
        }
        List<String> warnings = new ArrayList<>();
        Optional<InstallResult> linked = fromStore(environment, begin);
        if (linked.isPresent()) {
            return linked.get();
        }
        Installer installer = choice.choose(job.kind(), job.python(), job.sitePackages(), job.sources(), job.timeout(), job.cancellation());
        InstallResult result;
        Optional<String> stored;
        try (InterProcessLock ignored = installLock.apply(job.cancellation())) {
            // No live JVM installs here now; a pip or uv still writing is an orphan of a killed one.
            OrphanInstallers.settle(job.python(), job.cancellation());
            // Read under the lock: another process may have installed while we waited.
            Map<String, InstalledDistribution> before = SitePackages.read(job.sitePackages());
            Installer.Request request = request(installer, job.cancellation());
            Installer.Outcome outcome = installAgainstSnapshot(installer, request);
            Map<String, InstalledDistribution> after = SitePackages.read(job.sitePackages());
            Map<String, String> changed = changed(before, after, outcome);
            List<String> problems = ConsistencyCheck.problems(after, environment);
            warnings.addAll(problems);
            Optional<Path> lockFile = TargetVenv.lockFile(job.python());
            if (lockFile.isPresent()) {
                // A distribution with unreadable metadata is locked by its directory name, and said so, not dropped.
                SitePackages.lockVersions(job.sitePackages(), warnings);
                // What the installed lock already says (files, hashes) is recorded as it is; the installer's report wins where it has one.
                Map<String, LockFile.Package> reported = new java.util.LinkedHashMap<>(job.known());
                reported.putAll(outcome.locked());
                locks.record(prefix, lockFile.get(), () -> SitePackages.lockVersions(job.sitePackages(), new ArrayList<>()), reported,
                        changed, missing -> lateLockEntries(installer, missing)).ifPresent(warnings::add);
            }
            Optional<String> key = problems.isEmpty() ? StoreInputs.key(store, job, environment, before) : Optional.empty();
            boolean kept = key.isPresent() && StoreInputs.kept(changed, after, outcome.locked())
                    .map(distributions -> store.record(key.get(), job.python(), job.sitePackages(), distributions)).orElse(false);
            stored = kept ? key : Optional.empty();
            result = new InstallResult(masked(job.requested()), changed, false, installer.name(),
                    masked(warnings), elapsed(begin));
        }
        // Outside the install lock, which the background lock writer (uv's hashes) needs: the stored set gets the finished lock.
        stored.ifPresent(key -> {
            locks.await(prefix, job.timeout());
            TargetVenv.lockFile(job.python()).ifPresent(lock -> store.keepLock(key, lock));
        });
        return result;
    }

    /**
     * The same set into a fresh venv again: linked from the store, with no installer process, when the store has
     * it under this job's key; empty otherwise (the installer runs and the store keeps the result).
     */
    private Optional<InstallResult> fromStore(Map<String, String> environment, long begin) {
        if (StoreInputs.key(store, job, environment, SitePackages.read(job.sitePackages())).isEmpty()) {
            return Optional.empty();
        }
        try (InterProcessLock ignored = installLock.apply(job.cancellation())) {
            Map<String, InstalledDistribution> before = SitePackages.read(job.sitePackages());
            Optional<String> key = StoreInputs.key(store, job, environment, before);
            Optional<Map<String, String>> installed = key.flatMap(k -> store.populate(k, job.python(), job.sitePackages(),
                    TargetVenv.lockFile(job.python())));
            if (installed.isEmpty()) {
                return Optional.empty();
            }
            Map<String, InstalledDistribution> after = SitePackages.read(job.sitePackages());
            List<String> unmet = Satisfaction.unmet(job.forSatisfaction(), after, environment);
            if (!unmet.isEmpty()) {
                throw new IllegalStateException("the store's set does not satisfy " + Secrets.mask(String.join(", ", unmet)));
            }
            return Optional.of(new InstallResult(masked(job.requested()), installed.get(), false, "store",
                    masked(ConsistencyCheck.problems(after, environment)), elapsed(begin)));
        }
    }

    private Installer.Request request(Installer installer, Cancellation cancellation) {
        return new Installer.Request(job.python(), job.sitePackages(), job.arguments(), job.sources(), job.noDependencies(),
                job.requireHashes(), job.timeout(), cancellation, work.directory(), progress);
    }

    private Installer.Outcome installAgainstSnapshot(Installer installer, Installer.Request request) {
        try (EnvironmentSnapshot snapshot = EnvironmentSnapshot.take(prefix, installRoots())) {
            Installer.Outcome outcome;
            try {
                outcome = installer.install(request);
            } catch (RuntimeException e) {
                throw failure(installer, rollBack(snapshot), e.getMessage(), e);
            }
            if (!outcome.ok()) {
                String errors = InstallerOutput.errorLines(outcome.output());
                String detail = UnreachableIndex.explain(outcome.output(), job.sources()).map(why -> why + "\n" + errors).orElse(errors);
                throw failure(installer, rollBack(snapshot), detail, null);
            }
            return outcome;
        } finally {
            WorkFiles.delete(request.workDirectory());
        }
    }

    /** What the install changed: new or re-versioned distributions, and what pip's report says it reinstalled at the same version. */
    private static Map<String, String> changed(Map<String, InstalledDistribution> before, Map<String, InstalledDistribution> after,
            Installer.Outcome outcome) {
        Map<String, String> changed = new TreeMap<>();
        after.forEach((name, dist) -> {
            InstalledDistribution old = before.get(name);
            if (old == null || !old.version().equals(dist.version())) {
                changed.put(name, dist.version());
            }
        });
        outcome.locked().forEach((name, p) -> {
            if (p.version() != null && after.containsKey(name)) {
                changed.put(name, after.get(name).version());
            }
        });
        return changed;
    }

    /** Hashes the installer could not report during the install (uv), gathered later under the install lock. */
    private Map<String, LockFile.Package> lateLockEntries(Installer installer, Map<String, String> missing) {
        try (InterProcessLock ignored = installLock.apply(Cancellation.none())) {
            Installer.Request request = request(installer, Cancellation.none());
            try {
                return installer.lockEntries(request, missing);
            } finally {
                WorkFiles.delete(request.workDirectory());
            }
        }
    }

    /** Where an install writes: site-packages, the scripts directory, and the prefix's include/ and share/ (data files). */
    private List<Path> installRoots() {
        return List.of(job.sitePackages(), job.python().toAbsolutePath().getParent(), prefix.resolve("include"), prefix.resolve("share"));
    }

    private boolean rollBack(EnvironmentSnapshot snapshot) {
        try {
            snapshot.restore();
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "Could not roll back " + job.sitePackages() + " after a failed install: " + e.getMessage());
            return false;
        }
    }

    private InstallFailedException failure(Installer installer, boolean rolledBack, String detail, Throwable cause) {
        String requested = Secrets.mask(String.join(", ", job.requested()));
        String message = installer.name() + " could not install " + requested + ": " + Secrets.mask(detail == null ? "" : detail.strip())
                + (rolledBack ? " The environment was rolled back to its state before the install."
                        : " Rolling back the environment failed too; recreate the virtual environment.")
                + " Check the requirement names and versions and the package sources (index-url, find-links, offline).";
        return new InstallFailedException(requested, installer.name(), rolledBack, message, cause);
    }

    /** What a result names: the requested texts (or warnings), with credentials masked. */
    static List<String> masked(List<String> texts) {
        return texts.stream().map(Secrets::mask).toList();
    }

    private static Duration elapsed(long begin) {
        return Duration.ofNanos(System.nanoTime() - begin);
    }
}
