package io.beep.python.packages;

import io.beep.python.InstallResult;
import io.beep.python.packages.lock.LockFile;
import io.beep.python.packages.project.LockedPackage;
import io.beep.python.packages.project.ProjectBuild;
import io.beep.python.packages.project.ProjectLock;
import io.beep.python.packages.project.PyProject;
import io.beep.python.process.Cancellation;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How {@link PackageInstallers#installProject} installs a {@link PythonProject}: the first lock of
 * {@link PythonProject#LOCK_FILES} exactly (its pins, {@code --no-deps}, hash-checked) after the drift check; without a
 * lock the project's requirements, resolved, with a warning that they are not locked. Then, with {@code --no-deps},
 * the lock's path packages and the project itself (PEP 517, editable when asked), so that entry points and
 * {@code importlib.metadata} see it. Every path is checked before the first installer starts.
 */
final class ProjectInstall {

    private ProjectInstall() {
    }

    static InstallResult install(PackageInstallers installers, Path python, Path sitePackages, PythonProject project, InstallerKind kind,
            PackageSources sources, Duration timeout, Cancellation cancellation) {
        PyProject pyproject = PyProject.read(project.pyproject());
        // Validates every entry, and the named extras and groups, whether or not a lock decides the versions.
        List<Requirement> declared = pyproject.requirements(project.extras(), project.groups());
        Map<String, String> environment = TargetVenv.markers(python, sitePackages);
        Optional<Path> lock = ProjectLock.find(project.directory(), PythonProject.LOCK_FILES);
        List<InstallResult> results = new ArrayList<>();
        Supplier<InstallResult> dependencies;
        List<String> warnings = new ArrayList<>();
        List<String> local = new ArrayList<>();
        if (lock.isEmpty()) {
            for (Requirement r : declared) {
                r.url().filter(u -> u.startsWith("file:")).ifPresent(u -> requireDirectory(Path.of(URI.create(u)), pyproject.file(),
                        pyproject.file() + ", requirement '" + r + "'"));
            }
            warnings.add("The versions of " + pyproject.file() + " are not locked: its requirements were resolved now and may differ "
                    + "from one install to the next. Add a lock (uv lock, poetry lock, pipenv lock or a pylock.toml) beside it.");
            dependencies = () -> installers.install(python, sitePackages, declared, kind, sources, timeout, cancellation);
        } else if (RequirementsFile.isLock(lock.get())) {
            // PEP 751 markers select by the extras and dependency groups asked for: 'dev' in dependency_groups stays out unless named.
            Map<String, String> selected = new java.util.HashMap<>(environment);
            selected.put("extras", String.join(",", project.extras()));
            selected.put("dependency_groups", String.join(",", project.groups()));
            RequirementsFile.LockInstall pins = RequirementsFile.fromLock(lock.get(), selected);
            dependencies = () -> installers.installLock(python, sitePackages, pins, kind, sources, timeout, cancellation);
        } else {
            ProjectLock locked = ProjectLock.read(lock.get(), pyproject, project.extras(), project.groups(), environment, project.lockCheck());
            List<Requirement> pins = new ArrayList<>();
            List<String> lines = new ArrayList<>();
            List<String> unhashed = new ArrayList<>();
            Map<String, LockFile.Package> entries = new LinkedHashMap<>();
            for (LockedPackage p : locked.packages()) {
                if (p.directory().isPresent()) {
                    requireDirectory(p.directory().get(), lock.get(), p.entry());
                    local.add(p.directory().get().toString());
                    continue;
                }
                pins.add(Requirement.parse(p.name() + "==" + p.version()));
                lines.add(p.line());
                if (p.sha256().isEmpty()) {
                    unhashed.add(p.name());
                }
                entry(p).ifPresent(e -> entries.put(e.name(), e));
            }
            boolean hashed = unhashed.isEmpty();
            if (!hashed) {
                // pip's hash-checking mode is all or nothing: a lock with a package without hashes installs unchecked, and says so.
                lines.replaceAll(l -> l.replaceAll(" --hash=\\S+", ""));
                warnings.add(lock.get() + " has no hashes for " + String.join(", ", unhashed) + "; it was installed without hash checking.");
            }
            RequirementsFile.LockInstall exact = new RequirementsFile.LockInstall(pins, lines, hashed, entries);
            dependencies = () -> installers.installLock(python, sitePackages, exact, kind, sources, timeout, cancellation);
        }
        Path scratch = null;
        Path copy = null;
        Map<Path, FileTime> outputs = null;
        if (project.installProject()) {
            if (project.editable()) {
                // Editable: built where it is, as it must point at these sources; what the build adds there is taken away after.
                outputs = io(() -> ProjectBuild.outputsBefore(project.directory()), project.directory(), "read");
                local.add("-e");
                local.add(project.directory().toString());
            } else {
                // Built from a copy in the home's scratch: a backend builds in its source tree (setuptools: build/, *.egg-info).
                scratch = installers.scratchDirectory();
                copy = scratch.resolve(project.directory().getFileName().toString());
                local.add(copy.toString());
            }
        }
        if (local.isEmpty()) {
            results.add(dependencies.get());
            return combined(results, warnings);
        }
        try {
            if (copy != null) {
                Path target = copy;
                io(() -> {
                    ProjectBuild.copy(project.directory(), target);
                    return null;
                }, project.directory(), "copy");
            }
            installWithLocal(installers, python, sitePackages, local, dependencies, results, kind, sources, timeout, cancellation);
            if (copy != null) {
                Path built = copy;
                // The venv's lock records the build's source; written in the background with uv, so waited for.
                Optional<Path> venvLock = installers.awaitLockFile(python, timeout);
                io(() -> {
                    ProjectBuild.relocate(sitePackages, venvLock, built, project.directory());
                    return null;
                }, project.directory(), "record");
            }
        } catch (InstallFailedException e) {
            if (copy == null) {
                throw e;
            }
            // The build ran in the copy: its errors name the user's files.
            String from = copy.toString();
            String to = project.directory().toString();
            throw new InstallFailedException(e.input().orElse("").replace(from, to), e.installer(), e.rolledBack(),
                    e.getMessage().replace(from, to), e);
        } finally {
            if (scratch != null) {
                WorkFiles.delete(scratch);
            }
            if (outputs != null) {
                Map<Path, FileTime> before = outputs;
                try {
                    ProjectBuild.removeAdded(project.directory(), before);
                } catch (IOException e) {
                    warnings.add("Could not remove what the editable build of " + project.directory() + " left there: " + e.getMessage());
                }
            }
        }
        if (copy != null) {
            String from = copy.toString();
            String to = project.directory().toString();
            results.replaceAll(r -> new InstallResult(r.requested().stream().map(t -> t.replace(from, to)).toList(), r.installed(), r.skipped(),
                    r.installer(), r.warnings().stream().map(t -> t.replace(from, to)).toList(), r.duration()));
        }
        return combined(results, warnings);
    }

    /**
     * Two installer runs (hash-checked pins, then unhashable directories): each rolls itself back, and this snapshot takes
     * the pins back out when the second fails, so the project is installed whole or not at all.
     */
    private static void installWithLocal(PackageInstallers installers, Path python, Path sitePackages, List<String> local,
            Supplier<InstallResult> dependencies, List<InstallResult> results, InstallerKind kind, PackageSources sources, Duration timeout,
            Cancellation cancellation) {
        Path prefix = TargetVenv.root(python).orElse(python.toAbsolutePath().getParent().getParent());
        List<Path> roots = List.of(sitePackages, python.toAbsolutePath().getParent(), prefix.resolve("include"), prefix.resolve("share"));
        try (EnvironmentSnapshot whole = EnvironmentSnapshot.take(prefix, roots)) {
            results.add(dependencies.get());
            try {
                results.add(installers.installLocal(python, sitePackages, local, kind, sources, timeout, cancellation));
            } catch (RuntimeException e) {
                try {
                    whole.restore();
                } catch (IOException | RuntimeException restoring) {
                    e.addSuppressed(restoring);
                }
                throw e;
            }
        }
    }

    private interface FileWork<T> {
        T run() throws IOException;
    }

    /** File work on the user's project for its build; a failure names the project and what was being done. */
    private static <T> T io(FileWork<T> work, Path project, String what) {
        try {
            return work.run();
        } catch (IOException e) {
            throw new PackagesException(PackagesException.Reason.HOME_UNWRITABLE, project.toString(), "Could not " + what + " the project "
                    + project + " for its build: " + e.getMessage() + ".", e);
        }
    }

    /**
     * The venv's {@code pylock.toml} entry of a locked package, straight from the project's lock when it names every file
     * with its URL and sha256 (uv.lock): no installer process afterwards to look up what the lock already holds.
     * Wheels when it has any, else its sdist.
     */
    private static Optional<LockFile.Package> entry(LockedPackage p) {
        List<LockedPackage.File> wheels = p.files().stream().filter(LockedPackage.File::wheel).toList();
        List<LockedPackage.File> chosen = wheels.isEmpty() ? p.files() : wheels;
        if (chosen.isEmpty() || chosen.stream().anyMatch(f -> f.url().isEmpty())) {
            return Optional.empty();
        }
        List<LockFile.Artifact> artifacts = chosen.stream().map(f -> new LockFile.Artifact(f.name(), f.url().get(), Map.of("sha256", f.sha256())))
                .toList();
        String name = Requirement.normalize(p.name());
        return Optional.of(new LockFile.Package(name, p.version(), Optional.empty(), wheels.isEmpty() ? "sdist" : "wheels", artifacts,
                Optional.empty()));
    }

    /** A path requirement that is not there fails before any installer runs, naming the file and the entry. */
    private static void requireDirectory(Path path, Path file, String entry) {
        if (!Files.exists(path)) {
            throw new PackagesException(PackagesException.Reason.REQUIREMENTS_FILE, file.toString(), entry + ": the path " + path
                    + " does not exist.");
        }
    }

    private static InstallResult combined(List<InstallResult> results, List<String> warnings) {
        List<String> requested = new ArrayList<>();
        Map<String, String> installed = new LinkedHashMap<>();
        List<String> allWarnings = new ArrayList<>(warnings);
        String installer = "none";
        boolean skipped = true;
        Duration duration = Duration.ZERO;
        for (InstallResult r : results) {
            requested.addAll(r.requested());
            for (Entry<String, String> e : r.installed().entrySet()) {
                installed.put(e.getKey(), e.getValue());
            }
            allWarnings.addAll(r.warnings());
            if (!r.skipped()) {
                skipped = false;
                installer = r.installer();
            }
            duration = duration.plus(r.duration());
        }
        return new InstallResult(requested, installed, skipped, installer, InstallRun.masked(allWarnings), duration);
    }
}
