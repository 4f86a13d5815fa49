package io.beep.python.bootstrap;

import io.beep.python.fs.AtomicFiles;
import io.beep.python.registry.PythonRuntimeInfo;
import io.beep.python.registry.PythonRuntimeStatus;
import io.beep.python.registry.PythonRuntimeType;


import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The warm-start fingerprint kept in a ready venv ({@value #FILE_NAME}): which inputs built it,
 * which interpreter it stands on, and what it holds. A later start that finds the inputs unchanged
 * and every recorded file stat unchanged reaches COMPLETE without starting a single process.
 * <p>
 * Read and written with Jackson's streaming API rather than data binding: the warm start is the
 * one path where a fresh JVM's first {@code ObjectMapper} (class loading on a thread that competes
 * with the application's own startup) is not worth it.
 */
record EnvironmentMarker(String schemaVersion, String inputs, PythonRuntimeInfo runtime, String baseStat, String python,
        String pythonVersion, String sitePackages, String sitePackagesStat, Map<String, String> packages, String summary) {

    static final String FILE_NAME = ".beep-python.json";
    static final String SCHEMA_VERSION = "1.0";

    /** Whether {@code venv} holds a marker at all, readable or not: without one, a start is cold for certain. */
    static boolean exists(Path venv) {
        return Files.exists(venv.resolve(FILE_NAME));
    }

    static Optional<EnvironmentMarker> read(Path venv) {
        Path file = venv.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            MarkerJson json = MarkerJson.read(file);
            Map<String, String> fields = json.fields();
            if (!SCHEMA_VERSION.equals(fields.get("schemaVersion"))) {
                return Optional.empty();
            }
            return Optional.of(new EnvironmentMarker(SCHEMA_VERSION, fields.get("inputs"), runtimeOf(json.runtime()), fields.get("baseStat"),
                    fields.get("python"), fields.get("pythonVersion"), fields.get("sitePackages"), fields.get("sitePackagesStat"),
                    json.packages(), Optional.ofNullable(fields.get("summary")).orElse("(inputs not recorded by this version)")));
        } catch (IOException | RuntimeException e) {
            // An unreadable marker only costs a cold bootstrap.
            return Optional.empty();
        }
    }

    /** Writes atomically: a reader sees the old marker or the new one, never half of one. */
    void write(Path venv) throws IOException {
        Map<String, String> fields = MarkerJson.orderedFields();
        fields.put("schemaVersion", schemaVersion);
        fields.put("inputs", inputs);
        fields.put("python", python);
        fields.put("pythonVersion", pythonVersion);
        fields.put("sitePackages", sitePackages);
        fields.put("sitePackagesStat", sitePackagesStat);
        fields.put("baseStat", baseStat);
        // Readable, masked: names this venv's inputs when another application is refused its path.
        fields.put("summary", summary);
        byte[] bytes = new MarkerJson(fields, runtimeFields(runtime), packages).bytes();
        // Losing the marker in a crash costs a cold start, not correctness: no fsync on the path to readiness.
        AtomicFiles.writeWithoutSync(venv.resolve(FILE_NAME), bytes);
    }

    static void delete(Path venv) {
        try {
            Files.deleteIfExists(venv.resolve(FILE_NAME));
        } catch (IOException e) {
            // A stale marker is caught by its stat checks anyway.
        }
    }

    /**
     * True when nothing the marker recorded has changed on disk: stats only, no process. Any install
     * or uninstall adds or removes a {@code *.dist-info} directory, which changes site-packages' stat.
     */
    boolean isConsistent(String currentInputs) {
        return inputs.equals(currentInputs)
                && stat(runtime.executable()).equals(baseStat)
                && Files.isExecutable(Path.of(python))
                && stat(Path.of(sitePackages)).equals(sitePackagesStat);
    }

    /** Size and modification time of the real file behind {@code path}; empty when it is gone. */
    static String stat(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path.toRealPath(), BasicFileAttributes.class);
            return attributes.size() + ":" + attributes.lastModifiedTime().toMillis();
        } catch (IOException e) {
            return "";
        }
    }

    static Map<String, String> runtimeFields(PythonRuntimeInfo info) {
        Map<String, String> fields = new TreeMap<>();
        fields.put("id", info.id());
        fields.put("name", info.name());
        fields.put("type", info.type().name());
        fields.put("source", info.source());
        fields.put("status", info.status().name());
        fields.put("executable", info.executable().toString());
        fields.put("version", info.version());
        fields.put("implementation", info.implementation());
        fields.put("architecture", info.architecture());
        fields.put("prefix", info.prefix().toString());
        fields.put("basePrefix", info.basePrefix().toString());
        fields.put("externallyManaged", Boolean.toString(info.externallyManaged()));
        info.pipVersion().ifPresent(v -> fields.put("pipVersion", v));
        fields.put("lastChecked", info.lastChecked().toString());
        info.error().ifPresent(e -> fields.put("error", e));
        info.stdlib().ifPresent(s -> fields.put("stdlib", s.toString()));
        fields.put("freethreaded", Boolean.toString(info.freethreaded()));
        return fields;
    }

    static PythonRuntimeInfo runtimeOf(Map<String, String> f) {
        return new PythonRuntimeInfo(f.get("id"), f.get("name"), PythonRuntimeType.valueOf(f.get("type")), f.get("source"),
                PythonRuntimeStatus.valueOf(f.get("status")), Path.of(f.get("executable")), f.get("version"), f.get("implementation"),
                f.get("architecture"), Path.of(f.get("prefix")), Path.of(f.get("basePrefix")), Boolean.parseBoolean(f.get("externallyManaged")),
                Optional.ofNullable(f.get("pipVersion")), Instant.parse(f.get("lastChecked")), Optional.ofNullable(f.get("error")),
                Optional.ofNullable(f.get("stdlib")).map(Path::of), Boolean.parseBoolean(f.get("freethreaded")));
    }
}
