package io.beep.python.venv;

import io.beep.python.fs.FileTrees;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Unpacks a wheel into a seed-cache entry: every entry checked to stay inside the entry (no
 * absolute names, no {@code ..}, no links), the {@code INSTALLER} and {@code REQUESTED} files pip
 * would add, files made read-only because every venv hard-links them and an edit in one venv must
 * not reach the others, and the whole entry renamed into place so it is complete or absent.
 */
final class WheelUnpacker {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private WheelUnpacker() {
    }

    /** Unpacks into a temporary directory beside {@code root}, then renames it: the cache entry is whole or absent. */
    static void unpack(BundledWheels.Wheel wheel, Path root) throws IOException {
        Files.createDirectories(root.getParent());
        String tempPrefix = "." + root.getFileName() + ".tmp-";
        // The caller holds this entry's lock: a work directory of the same name is a killed run's.
        try (java.util.stream.Stream<Path> siblings = Files.list(root.getParent())) {
            for (Path stale : siblings.filter(p -> p.getFileName().toString().startsWith(tempPrefix)).toList()) {
                io.beep.python.fs.FileTrees.delete(stale);
            }
        }
        Path temp = root.resolveSibling(tempPrefix + UUID.randomUUID());
        Files.createDirectory(temp);
        try {
            try (ZipFile zip = ZipFile.builder().setPath(wheel.file()).get()) {
                for (ZipArchiveEntry entry : java.util.Collections.list(zip.getEntries())) {
                    Path target = safeTarget(temp, entry.getName(), wheel.file());
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                        continue;
                    }
                    if (entry.isUnixSymlink()) {
                        throw new IOException("Wheel " + wheel.file() + " holds a symbolic link '" + entry.getName() + "'; refusing it");
                    }
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
            Path distInfo = temp.resolve(wheel.distInfo());
            // What pip adds when it installs a wheel on ensurepip's behalf.
            Files.writeString(distInfo.resolve("INSTALLER"), "pip\n", StandardCharsets.UTF_8);
            Files.writeString(distInfo.resolve("REQUESTED"), "", StandardCharsets.UTF_8);
            makeReadOnly(temp);
            Files.move(temp, root, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (Files.exists(temp)) {
                FileTrees.delete(temp);
            }
        }
    }

    private static Path safeTarget(Path root, String name, Path wheel) throws IOException {
        Path target = root.resolve(name).normalize();
        if (name.startsWith("/") || name.contains("\\") || !target.startsWith(root) || target.equals(root)) {
            throw new IOException("Wheel " + wheel + " holds an entry outside its root: '" + name + "'");
        }
        return target;
    }

    static void makeReadOnly(Path root) throws IOException {
        if (!POSIX) {
            return; // Windows cannot delete read-only files through a link; there venvs copy anyway
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
            }
        }
    }
}
