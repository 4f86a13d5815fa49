package io.beep.python.provision;

import io.beep.python.fs.HomeLayout;
import io.beep.python.fs.Platform;

import io.beep.python.registry.ProbeResult;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * {@code ${home}/embedded/}: the managed interpreters, each in {@code cpython-<version>-<platform>},
 * complete or absent. An interpreter arrives here only by one atomic rename of a verified tree.
 */
final class EmbeddedDirectory {

    static final String IMPLEMENTATION = "cpython";
    /** Provenance written into every managed interpreter: what it is and which archive it came from. */
    static final String MARKER = ".beep-python.json";

    private static final JsonFactory JSON = new JsonFactory();

    private final Path root;
    private final Platform platform;
    private final InterpreterLayout layout;

    EmbeddedDirectory(Path home, Platform platform) {
        this.root = HomeLayout.of(home).embedded();
        this.platform = platform;
        this.layout = new InterpreterLayout(platform);
    }

    Path root() {
        return root;
    }

    Platform platform() {
        return platform;
    }

    InterpreterLayout layout() {
        return layout;
    }

    /** Where {@code version} lives: {@code embedded/cpython-3.13.5-linux-x86_64}. */
    Path target(PythonVersion version) {
        return root.resolve(IMPLEMENTATION + "-" + version + "-" + platform.name());
    }

    /** The version a directory made by {@link #target} holds, read back from its name. */
    static Optional<PythonVersion> versionOf(Path target) {
        String name = target.getFileName().toString();
        String prefix = IMPLEMENTATION + "-";
        int end = name.indexOf('-', prefix.length());
        if (!name.startsWith(prefix) || end < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(PythonVersion.parse(name.substring(prefix.length(), end)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code target} holds a finished interpreter: one {@code stat}, no process. */
    boolean isInstalled(Path target) {
        return Files.isRegularFile(layout.executable(target));
    }

    /** An interpreter already in place: nothing was asked of it. */
    ProvisionedPython provisioned(Path target, PythonVersion version) {
        return new ProvisionedPython(layout.executable(target), target, version.toString(), platform.name(), false, Optional.empty());
    }

    /** An interpreter this process just installed, with what it said of itself at verification. */
    ProvisionedPython installed(Path target, PythonVersion version, Optional<ProbeResult> description) {
        return new ProvisionedPython(layout.executable(target), target, version.toString(), platform.name(), true, description);
    }

    /** Repairs paths for the final location, records provenance, and renames the verified tree into place. */
    void moveIntoPlace(Path verifiedRoot, String version, Path target, Distribution distribution, Path archive) throws IOException {
        layout.rewriteShebangs(verifiedRoot, target);
        // The streaming generator: a fresh JVM's first ObjectMapper costs more than unpacking a few hundred files.
        try (JsonGenerator json = JSON.createGenerator(Files.newOutputStream(verifiedRoot.resolve(MARKER)))) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("implementation", IMPLEMENTATION);
            json.writeStringField("version", version);
            json.writeStringField("platform", platform.name());
            json.writeStringField("origin", distribution.describe());
            json.writeStringField("archive", archive.toString());
            json.writeEndObject();
        }
        Files.createDirectories(target.getParent());
        try {
            Files.move(verifiedRoot, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + verifiedRoot + " to " + target + " atomically; keep " + root.getParent()
                    + " on one file system", e);
        }
    }
}
