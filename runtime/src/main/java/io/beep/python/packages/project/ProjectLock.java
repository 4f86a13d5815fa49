package io.beep.python.packages.project;

import io.beep.python.packages.PackagesException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a project's lock ({@code uv.lock}, {@code poetry.lock}, {@code Pipfile.lock}) installs on this platform: read
 * directly, walked from the project's requirements so that what the markers, the unrequested extras and groups exclude
 * stays out. {@code pylock.toml} is read by the packages room's own PEP 751 reader.
 */
public record ProjectLock(Path file, List<LockedPackage> packages) {

    public ProjectLock {
        packages = List.copyOf(packages);
    }

    /** The first lock file of {@code directory} in {@code order}; empty when it has none. */
    public static Optional<Path> find(Path directory, List<String> order) {
        return order.stream().map(directory::resolve).filter(Files::isRegularFile).findFirst();
    }

    /**
     * Reads {@code lock} for {@code pyproject}'s requirements with {@code extras} and {@code groups}, for the marker
     * {@code environment}. With {@code checkDrift} a lock that no longer matches {@code pyproject.toml} is an error
     * naming both files and the command that refreshes the lock.
     */
    public static ProjectLock read(Path lock, PyProject pyproject, Set<String> extras, Set<String> groups, Map<String, String> environment,
            boolean checkDrift) {
        String name = lock.getFileName().toString();
        return switch (name) {
            case "uv.lock" -> UvLock.read(lock, pyproject, extras, groups, environment, checkDrift);
            case "poetry.lock" -> PoetryLock.read(lock, pyproject, extras, groups, environment, checkDrift);
            case "Pipfile.lock" -> PipfileLock.read(lock, environment);
            default -> throw new PackagesException(PackagesException.Reason.REQUIREMENTS_FILE, lock.toString(),
                    "Unknown lock file " + lock + "; known: uv.lock, poetry.lock, Pipfile.lock, pylock.toml.");
        };
    }

    /** The drift error: both files and the refresh command. */
    static PackagesException drift(Path lock, PyProject pyproject, String detail, String refresh) {
        return new PackagesException(PackagesException.Reason.REQUIREMENTS_FILE, lock.toString(), "The lock " + lock
                + " no longer matches " + pyproject.file() + " (" + detail + "). Run '" + refresh + "' in " + lock.getParent()
                + " to refresh the lock, or set the project's lock check off to install the lock as it is.");
    }
}
