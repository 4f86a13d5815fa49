package io.beep.python.packages.lock;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code PackageInstallers.writeLock} wrote.
 *
 * @param file          the venv's {@code pylock.toml}
 * @param packages      how many packages it records
 * @param refreshed     how many entries were (re)gathered because the lock lacked them or was behind
 * @param withoutHashes packages recorded with name and version only: the installer could not say where they came from
 * @param warnings      what the lock could record only in part, or not at all (a distribution with unreadable metadata), naming the file
 */
public record LockReport(Path file, int packages, int refreshed, List<String> withoutHashes, List<String> warnings) {

    public LockReport {
        withoutHashes = List.copyOf(withoutHashes);
        warnings = List.copyOf(warnings);
    }
}
