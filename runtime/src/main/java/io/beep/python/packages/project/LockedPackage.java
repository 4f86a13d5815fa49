package io.beep.python.packages.project;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One package a project lock installs for this platform: an exact version with the hashes of its files, or a
 * directory (a path requirement, installed without a hash: a directory has none).
 *
 * @param entry where it is in the lock, for messages ({@code [[package]] alpha 1.0})
 */
public record LockedPackage(String name, String version, List<String> sha256, Optional<Path> directory, String entry) {

    public LockedPackage {
        sha256 = List.copyOf(sha256);
    }

    /** The requirements-file line pip and uv get: {@code name==version --hash=sha256:...}. */
    public String line() {
        StringBuilder s = new StringBuilder(name).append("==").append(version);
        sha256.forEach(h -> s.append(" --hash=sha256:").append(h));
        return s.toString();
    }
}
