package io.beep.python.registry;

import io.beep.python.fs.Platform;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where discovery looks. {@link #fromEnvironment()} reads this process's environment; tests build
 * their own so that fake conda, uv, asdf, mise and Windows layouts in temp directories are found
 * for real.
 *
 * @param pathEntries      the {@code PATH} directories, in order
 * @param systemDirs       directories always searched for {@code python3.X} ({@code /usr/bin}, {@code /usr/local/bin})
 * @param userHome         the user's home, for {@code ~/.pyenv}, {@code ~/.conda}, {@code ~/miniconda3} and friends
 * @param workingDirectory where a pyenv {@code .python-version} file is looked for when resolving shims
 * @param environment      the variables discovery honours: {@code PYENV_ROOT}, {@code PYENV_VERSION},
 *                         {@code CONDA_PREFIX}, {@code UV_PYTHON_INSTALL_DIR}, {@code XDG_DATA_HOME},
 *                         {@code ASDF_DATA_DIR}, {@code MISE_DATA_DIR}, {@code LOCALAPPDATA}, {@code APPDATA}
 * @param windows          use the Windows layout ({@code python.exe}, {@code Scripts\}, PEP 514 registry, {@code py})
 * @param windowsQueries   how the registry and the {@code py} launcher are asked; {@code null} to run the real
 *                         {@code reg} and {@code py} commands
 */
public record DiscoveryRoots(List<Path> pathEntries, List<Path> systemDirs, Path userHome, Path workingDirectory,
        Map<String, String> environment, boolean windows, WindowsQueries windowsQueries) {

    public DiscoveryRoots {
        pathEntries = List.copyOf(pathEntries);
        systemDirs = List.copyOf(systemDirs);
        environment = Map.copyOf(environment);
    }

    /** Output of the two Windows sources, so that their parsing is tested on recorded data anywhere. */
    public interface WindowsQueries {
        /** {@code reg query <root>\Software\Python /s} output for HKCU, HKLM and HKLM\Wow6432Node, concatenated. */
        String registry();

        /** {@code py --list-paths} output. */
        String pyLauncher();
    }

    /** This process's view: its {@code PATH}, home, working directory and environment variables. */
    public static DiscoveryRoots fromEnvironment() {
        Map<String, String> env = System.getenv();
        boolean windows = Platform.current().isWindows();
        List<Path> path = new ArrayList<>();
        for (String entry : env.getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                try {
                    path.add(Path.of(entry));
                } catch (RuntimeException e) {
                    // A PATH entry that is no valid path on this platform holds no interpreter.
                }
            }
        }
        List<Path> system = windows ? List.of() : List.of(Path.of("/usr/local/bin"), Path.of("/usr/bin"));
        return new DiscoveryRoots(path, system, Path.of(System.getProperty("user.home")),
                Path.of(System.getProperty("user.dir")), env, windows, null);
    }

    /** Only the given directories (as PATH) and home: nothing of this machine leaks in. */
    public static DiscoveryRoots isolated(Path userHome, List<Path> pathEntries) {
        return new DiscoveryRoots(pathEntries, List.of(), userHome, userHome, Map.of(), false, null);
    }

    public DiscoveryRoots withEnvironment(String name, String value) {
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put(name, value);
        return new DiscoveryRoots(pathEntries, systemDirs, userHome, workingDirectory, env, windows, windowsQueries);
    }

    public DiscoveryRoots withSystemDirs(List<Path> dirs) {
        return new DiscoveryRoots(pathEntries, dirs, userHome, workingDirectory, environment, windows, windowsQueries);
    }

    public DiscoveryRoots withWorkingDirectory(Path dir) {
        return new DiscoveryRoots(pathEntries, systemDirs, userHome, dir, environment, windows, windowsQueries);
    }

    /** The Windows layout, with the registry and {@code py} launcher answers given. */
    public DiscoveryRoots asWindows(WindowsQueries queries) {
        return new DiscoveryRoots(pathEntries, systemDirs, userHome, workingDirectory, environment, true, queries);
    }

    Optional<String> variable(String name) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    Path pyenvRoot() {
        return variable("PYENV_ROOT").map(Path::of).orElse(userHome.resolve(".pyenv"));
    }

    Path dataHome() {
        return variable("XDG_DATA_HOME").map(Path::of).orElse(userHome.resolve(".local").resolve("share"));
    }
}
