package io.beep.python.bootstrap;

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
     * packages (profiles, template, requirements, the requirements file's bytes, the accelerator).
     * Package sources, installer, runtime mode and time limits are left out on purpose: a pod runs
     * the baked environment offline, against another index or none, and that must still match.
     */
    public static String fingerprint(BootstrapOptions options) {
        String requirementsFile = options.requirementsFile().map(BakedEnvironment::contentDigest).orElse("");
        return InputDigest.of(String.join("\n", List.of(options.pythonVersion(), String.join(",", options.effectiveProfiles()),
                String.join("\u0000", options.packages()), requirementsFile, options.accelerator().name())));
    }

    /** The baked environment {@code name} under {@code root}, if one was baked there and its file reads. */
    public static Optional<BakedEnvironment> read(Path root, String name) {
        Path file = root.resolve(name).resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            MarkerJson json = MarkerJson.read(file);
            Map<String, String> fields = json.fields();
            Map<String, String> runtime = new HashMap<>(json.runtime());
            if (!SCHEMA_VERSION.equals(fields.get("schemaVersion"))) {
                throw new IOException("schemaVersion " + fields.get("schemaVersion") + " is not " + SCHEMA_VERSION);
            }
            Path base = root.toAbsolutePath().normalize();
            runtime.replaceAll((key, value) -> PATH_FIELDS.contains(key) ? base.resolve(value).normalize().toString() : value);
            return Optional.of(new BakedEnvironment(fields.get("name"), fields.get("fingerprint"), EnvironmentMarker.runtimeOf(runtime),
                    base.resolve(fields.get("sitePackages")).normalize(), fields.get("pythonVersion"), json.packages()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the baked environment " + file + ": " + e.getMessage(), e);
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

    private static String contentDigest(Path file) {
        try {
            return Digests.sha256Hex(file);
        } catch (IOException e) {
            return "unreadable:" + file;
        }
    }
}
