package io.beep.python.bootstrap;

import io.beep.python.registry.PythonRuntimeInfo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;

/**
 * The warm-start fingerprint kept in a ready venv ({@value #FILE_NAME}): which inputs built it,
 * which interpreter it stands on, and what it holds. A later start that finds the inputs unchanged
 * and every recorded file stat unchanged reaches COMPLETE without starting a single process.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record EnvironmentMarker(String schemaVersion, String inputs, PythonRuntimeInfo runtime, String baseStat, String python,
        String pythonVersion, String sitePackages, String sitePackagesStat, Map<String, String> packages) {

    static final String FILE_NAME = ".beep-python.json";
    static final String SCHEMA_VERSION = "1.0";

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new Jdk8Module()).registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Derived getters of the records (isReady, minorVersion) are written but are not properties to read back.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).enable(SerializationFeature.INDENT_OUTPUT);

    static Optional<EnvironmentMarker> read(Path venv) {
        Path file = venv.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            EnvironmentMarker marker = JSON.readValue(file.toFile(), EnvironmentMarker.class);
            return SCHEMA_VERSION.equals(marker.schemaVersion) ? Optional.of(marker) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            // An unreadable marker only costs a cold bootstrap.
            return Optional.empty();
        }
    }

    /** Writes atomically: a reader sees the old marker or the new one, never half of one. */
    void write(Path venv) throws IOException {
        Path file = venv.resolve(FILE_NAME);
        Path temp = Files.createTempFile(venv, FILE_NAME, ".tmp");
        try {
            JSON.writeValue(temp.toFile(), this);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static void delete(Path venv) {
        try {
            Files.deleteIfExists(venv.resolve(FILE_NAME));
        } catch (IOException e) {
            // A stale marker is caught by its stat checks anyway.
        }
    }

    /** True when nothing the marker recorded has changed on disk: stats only, no process. */
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
}
