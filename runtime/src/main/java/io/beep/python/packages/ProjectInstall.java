package io.beep.python.packages;

import io.beep.python.InstallResult;
import io.beep.python.packages.project.LockedPackage;
import io.beep.python.packages.project.ProjectLock;
import io.beep.python.packages.project.PyProject;
import io.beep.python.process.Cancellation;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
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
            }
            boolean hashed = unhashed.isEmpty();
            if (!hashed) {
                // pip's hash-checking mode is all or nothing: a lock with a package without hashes installs unchecked, and says so.
                lines.replaceAll(l -> l.replaceAll(" --hash=\\S+", ""));
                warnings.add(lock.get() + " has no hashes for " + String.join(", ", unhashed) + "; it was installed without hash checking.");
            }
            RequirementsFile.LockInstall exact = new RequirementsFile.LockInstall(pins, lines, hashed);
            dependencies = () -> installers.installLock(python, sitePackages, exact, kind, sources, timeout, cancellation);
        }
        if (project.installProject()) {
            if (project.editable()) {
                local.add("-e");
            }
            local.add(project.directory().toString());
        }
        if (local.isEmpty()) {
            results.add(dependencies.get());
            return combined(results, warnings);
        }
        // Two installer runs (hash-checked pins, then unhashable directories): each rolls itself back, and this snapshot
        // takes the pins back out when the second fails, so the project is installed whole or not at all.
        Path prefix = TargetVenv.root(python).orElse(python.toAbsolutePath().getParent().getParent());
        List<Path> roots = List.of(sitePackages, python.toAbsolutePath().getParent(), prefix.resolve("include"), prefix.resolve("share"));
        try (EnvironmentSnapshot whole = EnvironmentSnapshot.take(prefix, roots)) {
            results.add(dependencies.get());
            try {
                results.add(installers.installLocal(python, sitePackages, local, kind, sources, timeout, cancellation));
            } catch (RuntimeException e) {
                try {
                    whole.restore();
                } catch (java.io.IOException | RuntimeException restoring) {
                    e.addSuppressed(restoring);
                }
                throw e;
            }
        }
        return combined(results, warnings);
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
