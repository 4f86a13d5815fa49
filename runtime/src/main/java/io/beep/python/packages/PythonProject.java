package io.beep.python.packages;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Python project an environment installs: a directory with a {@code pyproject.toml}, maybe a lock
 * beside it. What it asks for: the project's dependencies, the extras and PEP 735 dependency groups
 * named here (none by default, so {@code dev} and {@code test} stay out), the project itself when
 * {@code installProject} is set (editable when {@code editable}).
 *
 * @param directory      the directory holding {@code pyproject.toml}
 * @param extras         {@code [project.optional-dependencies]} names to install
 * @param groups         {@code [dependency-groups]} names to install
 * @param lockCheck      refuse a lock that no longer matches {@code pyproject.toml}
 * @param installProject build and install the project itself (PEP 517)
 * @param editable       install the project editable (dev mode)
 */
public record PythonProject(Path directory, Set<String> extras, Set<String> groups, boolean lockCheck, boolean installProject,
        boolean editable) {

    public static final String PYPROJECT = "pyproject.toml";

    /** The lock files a project may have, in the order the first one found is used. */
    public static final List<String> LOCK_FILES = List.of("pylock.toml", "uv.lock", "poetry.lock", "Pipfile.lock");

    public PythonProject {
        directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
        extras = Set.copyOf(new TreeSet<>(extras));
        groups = Set.copyOf(new TreeSet<>(groups));
    }

    /** A project with its dependencies only: no extras, no groups, lock checked, the project itself not installed. */
    public static PythonProject of(Path directory) {
        return new PythonProject(directory, Set.of(), Set.of(), true, false, false);
    }

    /** Whether {@code directory} holds a {@code pyproject.toml}. */
    public static boolean isProject(Path directory) {
        return Files.isRegularFile(directory.resolve(PYPROJECT));
    }

    public Path pyproject() {
        return directory.resolve(PYPROJECT);
    }

    /**
     * The files whose bytes decide what this project installs: {@code pyproject.toml} and every lock
     * file present, in {@link #LOCK_FILES} order. A fingerprint over them lets an unchanged project skip
     * every process on the next start.
     */
    public List<Path> inputFiles() {
        List<Path> files = new ArrayList<>();
        files.add(pyproject());
        for (String name : LOCK_FILES) {
            Path lock = directory.resolve(name);
            if (Files.isRegularFile(lock)) {
                files.add(lock);
            }
        }
        return List.copyOf(files);
    }
}
