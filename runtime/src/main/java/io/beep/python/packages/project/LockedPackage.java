package io.beep.python.packages.project;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One package a project lock installs for this platform: an exact version with the hashes of its files, or a
 * directory (a path requirement, installed without a hash: a directory has none).
 *
 * @param entry where it is in the lock, for messages ({@code [[package]] alpha 1.0})
 * @param files the files the lock names for it, each with where it is served when the lock says so (uv.lock does;
 *              poetry.lock and Pipfile.lock do not): what the venv's own {@code pylock.toml} records after the install
 */
public record LockedPackage(String name, String version, List<String> sha256, Optional<Path> directory, String entry, List<File> files) {

    /** A wheel or an sdist of a locked package: its file name, its URL (empty when the lock has none), its sha256. */
    public record File(String name, Optional<String> url, String sha256, boolean wheel) {
    }

    public LockedPackage {
        sha256 = List.copyOf(sha256);
        files = List.copyOf(files);
    }

    public LockedPackage(String name, String version, List<String> sha256, Optional<Path> directory, String entry) {
        this(name, version, sha256, directory, entry, List.of());
    }

    /** The requirements-file line pip and uv get: {@code name==version --hash=sha256:...}. */
    public String line() {
        StringBuilder s = new StringBuilder(name).append("==").append(version);
        sha256.forEach(h -> s.append(" --hash=sha256:").append(h));
        return s.toString();
    }
}
