package io.beep.python.registry;

import io.beep.python.fs.HomeLayout;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Finds interpreter executables with directory listings and stat calls only; nothing is run here
 * except, on Windows and only when asked, the registry and {@code py} launcher queries.
 * <p>
 * Sources are searched from the most specific to the most general, so that an interpreter reachable
 * both as {@code ~/.pyenv/versions/3.12.1/bin/python3} and through {@code PATH} is labelled
 * {@code pyenv}: managed, extension venvs, pyenv, uv, asdf, mise, conda, Windows registry, {@code py}
 * launcher, {@code PATH}, then {@code /usr/local/bin} and {@code /usr/bin}. Candidates with the same
 * {@link InterpreterFile#key()}, hard links and byte-identical copies side by side collapse into the first one.
 */
final class InterpreterDiscovery {

    private static final Pattern UNIX_NAMES = Pattern.compile("python(?:[23](?:\\.\\d+t?)?)?");
    private static final Pattern WINDOWS_NAMES = Pattern.compile("python(?:3(?:\\.\\d+t?)?)?\\.exe", Pattern.CASE_INSENSITIVE);

    private final HomeLayout home;
    private final DiscoveryRoots roots;
    private final Supplier<DiscoveryRoots.WindowsQueries> windowsQueries;

    InterpreterDiscovery(Path home, DiscoveryRoots roots, Supplier<DiscoveryRoots.WindowsQueries> windowsQueries) {
        this.home = HomeLayout.of(home);
        this.roots = roots;
        this.windowsQueries = windowsQueries;
    }

    /**
     * Every interpreter found, one per identity.
     *
     * @param askWindows whether to query the Windows registry and {@code py} launcher (processes: skipped on a warm start)
     */
    List<Candidate> discover(boolean askWindows) {
        Map<String, Candidate> found = new LinkedHashMap<>();
        children(home.embedded()).forEach(dir -> managedIn(dir).ifPresent(
                exe -> add(found, exe, "managed", PythonRuntimeType.EMBEDDED)));
        children(home.venvs()).forEach(dir -> add(found, venvExecutable(dir), "venv", PythonRuntimeType.VIRTUAL_ENV));
        pyenv(found);
        uv(found);
        installsOf(found, asdfDir().resolve("installs").resolve("python"), "asdf");
        installsOf(found, miseDir().resolve("installs").resolve("python"), "mise");
        conda(found);
        if (roots.windows() && askWindows) {
            DiscoveryRoots.WindowsQueries queries = windowsQueries.get();
            WindowsInterpreters.parseRegistry(queries.registry())
                    .forEach(e -> add(found, Path.of(e.executable()), "windows-registry", typeOf(Path.of(e.executable()))));
            WindowsInterpreters.parseLauncherList(queries.pyLauncher())
                    .forEach(e -> add(found, Path.of(e.executable()), "py-launcher", typeOf(Path.of(e.executable()))));
        }
        PyenvShims shims = new PyenvShims(roots);
        // /bin and /usr/bin are often one directory (and /usr/bin is both on PATH and a system dir): list it once.
        java.util.Set<Path> searched = new java.util.HashSet<>();
        for (Path dir : concat(roots.pathEntries(), roots.systemDirs())) {
            if (searched.add(realOrSelf(dir))) {
                searchDirectory(found, dir, "path", shims);
            }
        }
        return List.copyOf(found.values());
    }

    private void pyenv(Map<String, Candidate> found) {
        Path versions = roots.pyenvRoot().resolve("versions");
        if (roots.windows()) {
            versions = roots.userHome().resolve(".pyenv").resolve("pyenv-win").resolve("versions");
        }
        installsOf(found, versions, "pyenv");
    }

    private void uv(Map<String, Candidate> found) {
        Path dir = roots.variable("UV_PYTHON_INSTALL_DIR").map(Path::of).orElseGet(() -> roots.windows()
                ? roots.variable("APPDATA").map(Path::of).orElse(roots.userHome().resolve("AppData").resolve("Roaming"))
                        .resolve("uv").resolve("python")
                : roots.dataHome().resolve("uv").resolve("python"));
        installsOf(found, dir, "uv");
    }

    private Path asdfDir() {
        return roots.variable("ASDF_DATA_DIR").map(Path::of).orElse(roots.userHome().resolve(".asdf"));
    }

    private Path miseDir() {
        return roots.variable("MISE_DATA_DIR").map(Path::of).orElse(roots.dataHome().resolve("mise"));
    }

    private void conda(Map<String, Candidate> found) {
        List<Path> bases = new ArrayList<>();
        roots.variable("CONDA_PREFIX").map(Path::of).ifPresent(bases::add);
        Path environments = roots.userHome().resolve(".conda").resolve("environments.txt");
        if (Files.isRegularFile(environments)) {
            try {
                Files.readAllLines(environments).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                        .forEach(line -> bases.add(Path.of(line)));
            } catch (IOException | RuntimeException e) {
                // An unreadable list only hides conda environments the directories below may still show.
            }
        }
        for (String name : List.of("miniconda3", "anaconda3", "miniforge3", "mambaforge", "micromamba")) {
            Path base = roots.userHome().resolve(name);
            bases.add(base);
            bases.addAll(children(base.resolve("envs")));
        }
        for (Path base : bases) {
            add(found, executableIn(base), "conda", PythonRuntimeType.CONDA);
        }
    }

    /** Each child of {@code dir} is an install root ({@code <dir>/3.12.1/bin/python3}). */
    private void installsOf(Map<String, Candidate> found, Path dir, String source) {
        for (Path install : children(dir)) {
            if (!install.getFileName().toString().startsWith(".")) {
                add(found, executableIn(install), source, typeOf(executableIn(install)));
            }
        }
    }

    private void searchDirectory(Map<String, Candidate> found, Path dir, String source, PyenvShims shims) {
        if (shims.isShimDirectory(dir)) {
            if (shims.isPyenvShimDirectory(dir)) {
                for (String program : List.of("python3", "python")) {
                    shims.resolve(program).ifPresent(exe -> add(found, exe, "pyenv", typeOf(exe)));
                }
            }
            return; // asdf and mise shims are scripts; their installs were searched directly
        }
        if (roots.windows() && dir.toString().toLowerCase(java.util.Locale.ROOT).contains("windowsapps")) {
            return; // the Microsoft Store aliases open the Store instead of running Python
        }
        Pattern names = roots.windows() ? WINDOWS_NAMES : UNIX_NAMES;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "python*")) {
            List<Path> matching = new ArrayList<>();
            for (Path entry : entries) {
                if (names.matcher(entry.getFileName().toString()).matches()) {
                    matching.add(entry);
                }
            }
            // python3 before python3.11 before python: the shortest common name is the one users type.
            matching.sort(java.util.Comparator.comparing((Path p) -> !p.getFileName().toString().startsWith("python3"))
                    .thenComparing(p -> p.getFileName().toString().length()));
            for (Path exe : matching) {
                add(found, exe, source, typeOf(exe));
            }
        } catch (IOException | RuntimeException e) {
            // A missing or unreadable PATH entry holds no interpreter.
        }
    }

    private static void add(Map<String, Candidate> found, Path executable, String source, PythonRuntimeType type) {
        InterpreterFile.of(executable).ifPresent(file -> {
            if (!found.containsKey(file.key()) && found.values().stream().noneMatch(c -> c.file().sameInstallationAs(file))) {
                found.put(file.key(), new Candidate(file, source, type));
            }
        });
    }

    /** The interpreter of an install root: {@code bin/python3} (or {@code bin/python}), {@code python.exe} on Windows. */
    Path executableIn(Path root) {
        if (roots.windows()) {
            return root.resolve("python.exe");
        }
        Path python3 = root.resolve("bin").resolve("python3");
        return Files.exists(python3) ? python3 : root.resolve("bin").resolve("python");
    }

    private Path venvExecutable(Path root) {
        return roots.windows() ? root.resolve("Scripts").resolve("python.exe") : executableIn(root);
    }

    /** A managed interpreter is either unpacked flat or, as python-build-standalone ships it, under {@code python/}. */
    private Optional<Path> managedIn(Path dir) {
        if (Files.exists(HomeLayout.heldMarker(dir))) {
            return Optional.empty(); // a patch update's interpreter, waiting for the switch that verifies it
        }
        for (Path root : List.of(dir, dir.resolve("python"))) {
            Path exe = executableIn(root);
            if (Files.isExecutable(exe)) {
                return Optional.of(exe);
            }
        }
        return Optional.empty();
    }

    /** The kind of installation an executable's location implies: a venv, a conda prefix, or a plain one. */
    static PythonRuntimeType typeOf(Path executable) {
        if (InterpreterFile.venvRoot(executable).isPresent()) {
            return PythonRuntimeType.VIRTUAL_ENV;
        }
        Path parent = executable.getParent();
        Path root = parent == null ? null : parent.getFileName() != null && parent.getFileName().toString().equals("bin")
                ? parent.getParent() : parent;
        return root != null && Files.isDirectory(root.resolve("conda-meta")) ? PythonRuntimeType.CONDA : PythonRuntimeType.SYSTEM;
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Path realOrSelf(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException | RuntimeException e) {
            return dir.toAbsolutePath().normalize();
        }
    }

    private static List<Path> children(Path dir) {
        List<Path> result = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(result::add);
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        result.sort(null);
        return result;
    }
}
