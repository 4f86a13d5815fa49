package io.beep.python.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves a pyenv shim ({@code ~/.pyenv/shims/python3}, a bash script) to the interpreter it would
 * run, the way {@code pyenv version-name} does, without running it: starting bash and pyenv costs
 * tens of milliseconds per shim and would probe the same interpreter twice.
 */
final class PyenvShims {

    private final DiscoveryRoots roots;

    PyenvShims(DiscoveryRoots roots) {
        this.roots = roots;
    }

    /** Whether {@code dir} holds shims (pyenv's, asdf's, mise's): scripts, never interpreters. */
    boolean isShimDirectory(Path dir) {
        return dir.getFileName() != null && dir.getFileName().toString().equals("shims");
    }

    boolean isPyenvShimDirectory(Path dir) {
        return dir.toAbsolutePath().normalize().equals(roots.pyenvRoot().resolve("shims").toAbsolutePath().normalize());
    }

    /** The interpreter {@code program} ({@code python3}) in the shims directory resolves to, if it is a pyenv version. */
    Optional<Path> resolve(String program) {
        Path versions = roots.pyenvRoot().resolve("versions");
        for (String version : selectedVersions()) {
            if (version.equals("system")) {
                continue; // pyenv hands over to the next python on PATH, which discovery finds itself
            }
            Path exe = versions.resolve(version).resolve("bin").resolve(program);
            if (Files.isExecutable(exe)) {
                return Optional.of(exe);
            }
        }
        return Optional.empty();
    }

    /** PYENV_VERSION, else the nearest {@code .python-version}, else {@code $PYENV_ROOT/version}: pyenv's own order. */
    List<String> selectedVersions() {
        Optional<String> fromEnv = roots.variable("PYENV_VERSION");
        if (fromEnv.isPresent()) {
            return split(fromEnv.get());
        }
        for (Path dir = roots.workingDirectory(); dir != null; dir = dir.getParent()) {
            Optional<List<String>> local = read(dir.resolve(".python-version"));
            if (local.isPresent()) {
                return local.get();
            }
        }
        return read(roots.pyenvRoot().resolve("version")).orElse(List.of("system"));
    }

    private static Optional<List<String>> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            List<String> versions = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    versions.addAll(split(trimmed));
                }
            }
            return Optional.of(versions);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static List<String> split(String value) {
        List<String> versions = new ArrayList<>();
        for (String part : value.split("[:\\s]+")) {
            if (!part.isBlank()) {
                versions.add(part.strip());
            }
        }
        return versions;
    }
}
