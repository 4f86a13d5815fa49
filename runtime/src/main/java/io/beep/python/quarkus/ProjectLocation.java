package io.beep.python.quarkus;

import io.beep.python.packages.PythonProject;
import io.quarkus.runtime.configuration.ConfigurationException;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which Python project an environment installs, from {@code beep.python.project} and its companions: located
 * before the bootstrap runs, since its files' bytes are part of the environment's identity (the warm marker,
 * the venv key, the baked fingerprint). Relative paths and the default are taken against the application's
 * {@code src/main/python} as this run sees it (the source directory in dev mode and tests, the unpacked copy
 * in a packaged application, the source directory when the build bakes), so that build and run time agree.
 */
final class ProjectLocation {

    /** The value of {@code beep.python.project} that turns the default off. */
    static final String NONE = "none";

    private ProjectLocation() {
    }

    /**
     * @param applicationPython the application's {@code src/main/python} (or the copy it carries), when it has one
     * @param editable          install the project itself editable (dev mode)
     */
    static Optional<PythonProject> of(String name, EnvironmentConfig env, Optional<Path> applicationPython, boolean editable) {
        String key = ConfigKeyHints.prefix(name) + "project";
        Optional<Path> directory;
        if (env.project().isPresent()) {
            directory = configured(key, env.project().get().strip(), applicationPython);
        } else if (BeepPythonConfig.DEFAULT_ENVIRONMENT.equals(name)) {
            // The default environment installs src/main/python when it is a project; no key needed.
            directory = applicationPython.filter(PythonProject::isProject);
        } else {
            directory = Optional.empty();
        }
        if (directory.isEmpty()) {
            return Optional.empty();
        }
        if (!PythonProject.isProject(directory.get())) {
            throw new ConfigurationException(key + "=" + env.project().orElse("") + ": " + directory.get().resolve(PythonProject.PYPROJECT)
                    + " does not exist or is not a file; point " + key + " at a directory holding pyproject.toml, or set " + key
                    + "=" + NONE, Set.of(key));
        }
        return Optional.of(new PythonProject(directory.get(), Set.copyOf(env.projectExtras().orElse(List.of())),
                Set.copyOf(env.projectGroups().orElse(List.of())), env.projectLockCheck(), env.projectInstall(),
                editable && env.projectInstall()));
    }

    private static Optional<Path> configured(String key, String value, Optional<Path> applicationPython) {
        if (value.equalsIgnoreCase(NONE)) {
            return Optional.empty();
        }
        Path path;
        try {
            path = Path.of(value);
        } catch (InvalidPathException e) {
            throw new ConfigurationException(key + "='" + value + "' is not a path: " + e.getMessage(), Set.of(key));
        }
        if (path.isAbsolute()) {
            return Optional.of(path.normalize());
        }
        if (applicationPython.isEmpty()) {
            throw new ConfigurationException(key + "=" + value + " is relative, and the application has no src/main/python to resolve it"
                    + " against; use an absolute path, or put the project under src/main/python", Set.of(key));
        }
        Path resolved = applicationPython.get().resolve(path).normalize();
        if (!resolved.startsWith(applicationPython.get().normalize())) {
            // A packaged application carries src/main/python only: a project beside it would be missing there.
            throw new ConfigurationException(key + "=" + value + " leads outside src/main/python, which is all a packaged application"
                    + " carries; use a directory under src/main/python or an absolute path", Set.of(key));
        }
        return Optional.of(resolved);
    }
}
