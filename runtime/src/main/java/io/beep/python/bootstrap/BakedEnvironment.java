package io.beep.python.bootstrap;

import io.beep.python.BootstrapStage;
import io.beep.python.PythonBootstrapException;
import io.beep.python.fs.AtomicFiles;
import io.beep.python.fs.Digests;
import io.beep.python.registry.PythonRuntimeInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An environment baked into the application at build time: a relocatable interpreter and a
 * byte-compiled site-packages under the application's {@code python/} directory, described by
 * {@code python/NAME/}{@value #FILE_NAME}. Every path in the file is relative to that
 * {@code python/} directory, so the application directory can be moved or copied into an image.
 * <p>
 * Venvs are not relocatable (absolute {@code home} in {@code pyvenv.cfg}, absolute shebangs), so
 * none is baked: at run time a bare venv is written natively under the home in milliseconds, with
 * a {@code .pth} file that puts the baked site-packages on its path.
 *
 * @param fingerprint what the environment was baked for ({@link #fingerprint(BootstrapOptions)})
 * @param runtime     the baked interpreter, with absolute paths under {@code root}
 * @param sitePackages the baked site-packages, absolute under {@code root}
 */
public record BakedEnvironment(String name, String fingerprint, PythonRuntimeInfo runtime, Path sitePackages, String pythonVersion,
        Map<String, String> packages) {

    public static final String FILE_NAME = "baked.json";
    static final String SCHEMA_VERSION = "1.0";
    /** The runtime fields that hold paths, stored relative to the {@code python/} directory. */
    private static final Set<String> PATH_FIELDS = Set.of("executable", "prefix", "basePrefix", "stdlib");

    /**
     * What decides an environment's content, as far as baking goes: the version asked for and the
     * packages (profiles, template, requirements, the requirements file's bytes, the accelerator, the bytes
     * of a project's {@code pyproject.toml} and locks: baking a project bakes its locked set).
     * Package sources, installer, runtime mode and time limits are left out on purpose: a pod runs
     * the baked environment offline, against another index or none, and that must still match.
     */
    public static String fingerprint(BootstrapOptions options) {
        String requirementsFile = options.requirementsFile().map(BakedEnvironment::contentDigest).orElse("");
        String inputs = String.join("\n", List.of(options.pythonVersion(), String.join(",", options.effectiveProfiles()),
                String.join("\u0000", options.packages()), requirementsFile, options.accelerator().name()));
        // Only with a project, so that what was baked without one keeps its fingerprint.
        return InputDigest.of(options.project().isEmpty() ? inputs : inputs + "\n" + ProjectInputs.contentDigest(options.project()));
    }

    /**
     * The baked environment {@code name} under {@code root}, if one was baked there.
     *
     * @throws IllegalStateException    when the file cannot be used as it is (damaged, empty, another schema, a field
     *                                  missing), naming the file and why: the bootstrap then runs as if nothing was baked
     * @throws PythonBootstrapException when a path in the file leads outside {@code root}: such a file was not written
     *                                  by a build, and nothing it names is run or put on {@code sys.path}
     */
    public static Optional<BakedEnvironment> read(Path root, String name) {
        Path file = root.resolve(name).resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        MarkerJson json;
        try {
            json = Files.size(file) == 0 ? null : MarkerJson.read(file);
        } catch (IOException | RuntimeException e) {
            throw unusable(file, "it is not valid JSON (" + e.getMessage() + ")");
        }
        if (json == null) {
            throw unusable(file, "it is empty");
        }
        Map<String, String> fields = json.fields();
        if (!SCHEMA_VERSION.equals(fields.get("schemaVersion"))) {
            throw unusable(file, "its schemaVersion is " + fields.get("schemaVersion") + ", and this version of Beep Python reads "
                    + SCHEMA_VERSION);
        }
        for (String field : List.of("name", "fingerprint", "pythonVersion", "sitePackages")) {
            if (fields.get(field) == null) {
                throw unusable(file, "its field '" + field + "' is missing");
            }
        }
        if (!name.equals(fields.get("name"))) {
            throw unusable(file, "its name is '" + fields.get("name") + "', not '" + name + "'");
        }
        Map<String, String> runtime = new HashMap<>(json.runtime());
        Path base = root.toAbsolutePath().normalize();
        Path realBase = realPath(file, base);
        for (String field : PATH_FIELDS) {
            String value = runtime.get(field);
            if (value != null) {
                runtime.put(field, inside(file, base, realBase, "runtime." + field, value).toString());
            }
        }
        Path sitePackages = inside(file, base, realBase, "sitePackages", fields.get("sitePackages"));
        PythonRuntimeInfo info;
        try {
            info = EnvironmentMarker.runtimeOf(runtime);
        } catch (RuntimeException e) {
            throw unusable(file, "its runtime object is incomplete (" + e.getMessage() + ")");
        }
        return Optional.of(new BakedEnvironment(fields.get("name"), fields.get("fingerprint"), info, sitePackages, fields.get("pythonVersion"),
                json.packages()));
    }

    /**
     * Checks that the interpreter is the version the file says, from its files alone (no process: the baked path starts
     * none): the stdlib directory {@code lib/pythonX.Y} and, where the distribution ships it, the {@code PY_VERSION} of
     * {@code include/pythonX.Y/patchlevel.h}. Called on the start that makes the venv, not on the warm path.
     *
     * @throws PythonBootstrapException naming the file and the field when the interpreter is another version
     */
    void checkVersion(Path root) {
        Path file = root.resolve(name).resolve(FILE_NAME);  // read() checked that the name is the one asked for
        String actual = BakedVersion.of(runtime.executable(), runtime.freethreaded());
        if (!actual.equals(pythonVersion) && !(actual.indexOf('.') == actual.lastIndexOf('.') && pythonVersion.startsWith(actual + "."))) {
            throw refused(file, "pythonVersion", "says " + pythonVersion + ", but the interpreter " + runtime.executable() + " is Python "
                    + actual);
        }
        if (runtime.version() != null && !runtime.version().equals(pythonVersion)) {
            throw refused(file, "runtime.version", "says " + runtime.version() + ", but pythonVersion says " + pythonVersion);
        }
    }

    /** Writes the description under {@code root/NAME/}, atomically, with every path relative to {@code root}. */
    void write(Path root) throws IOException {
        Path base = root.toAbsolutePath().normalize();
        Map<String, String> fields = MarkerJson.orderedFields();
        fields.put("schemaVersion", SCHEMA_VERSION);
        fields.put("name", name);
        fields.put("fingerprint", fingerprint);
        fields.put("pythonVersion", pythonVersion);
        fields.put("sitePackages", relative(base, sitePackages));
        Map<String, String> runtimeFields = new TreeMap<>(EnvironmentMarker.runtimeFields(runtime));
        runtimeFields.replaceAll((key, value) -> PATH_FIELDS.contains(key) ? relative(base, Path.of(value)) : value);
        byte[] bytes = new MarkerJson(fields, runtimeFields, packages).bytes();
        Path dir = base.resolve(name);
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve(FILE_NAME), bytes);
    }

    /** The stat of this description, part of the run-time venv's fingerprint: a rebuilt application means a new venv. */
    String stat(Path root) {
        return EnvironmentMarker.stat(root.resolve(name).resolve(FILE_NAME));
    }

    private static String relative(Path base, Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (!absolute.startsWith(base)) {
            throw new IllegalArgumentException(absolute + " is not inside the baked directory " + base);
        }
        return base.relativize(absolute).toString().replace('\\', '/');
    }

    /**
     * {@code value} resolved against {@code base}; refused when it leads outside, by {@code ..}, an absolute path or a
     * link. The lexical check guards what does not exist yet (then the bootstrap reports it missing), the real path
     * what does.
     */
    private static Path inside(Path file, Path base, Path realBase, String field, String value) {
        Path resolved = base.resolve(value).normalize();
        Path real = resolved;
        if (Files.exists(resolved)) {
            real = realPath(file, resolved);
        }
        if (!resolved.startsWith(base) || !real.startsWith(realBase)) {
            throw refused(file, field, "('" + value + "') leads to " + real + ", outside " + realBase);
        }
        return resolved;
    }

    private static Path realPath(Path file, Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw unusable(file, "cannot resolve " + path + ": " + e.getMessage());
        }
    }

    private static IllegalStateException unusable(Path file, String why) {
        return new IllegalStateException("The baked environment file " + file + " cannot be used: " + why);
    }

    /** A file that does not describe what the build baked: it is not used, and nothing else is silently used in its place. */
    static PythonBootstrapException refused(Path file, String field, String why) {
        return new PythonBootstrapException(BootstrapStage.INITIALIZING, file.toString(), "The baked environment file " + file
                + " is refused: its field '" + field + "' " + why + ". Rebuild the application, or remove the file to bootstrap at"
                + " run time");
    }

    private static String contentDigest(Path file) {
        try {
            return Digests.sha256Hex(file);
        } catch (IOException e) {
            return "unreadable:" + file;
        }
    }
}
