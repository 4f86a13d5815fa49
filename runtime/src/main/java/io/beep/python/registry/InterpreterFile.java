package io.beep.python.registry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;

/**
 * An interpreter executable's identity and fingerprint, read with stat calls only.
 * <p>
 * The key decides what counts as "the same interpreter": symlinks ({@code /usr/bin/python3} to
 * {@code python3.11}, {@code bin/python} to {@code bin/python3.13}) collapse on the real path. A venv's
 * {@code bin/python} links to its base interpreter, so a venv is keyed by its own root directory
 * instead, or every venv would collapse into its base. The fingerprint (real file, size, modification
 * time) decides whether a cached probe result still holds.
 *
 * @param executable the path as found (kept for display and for running it)
 * @param key        the identity: the real path of the executable, or of the venv root
 * @param realFile   the real file the executable resolves to
 * @param size       its size in bytes
 * @param modified   its modification time, epoch milliseconds
 * @param fileKey    the file system's identity of the real file (device and inode), when it has one
 */
record InterpreterFile(Path executable, String key, Path realFile, long size, long modified, Object fileKey) {

    /** Reads {@code executable}'s identity, or nothing when it does not exist or is no executable file. */
    static Optional<InterpreterFile> of(Path executable) {
        try {
            Path absolute = executable.toAbsolutePath().normalize();
            Path real = absolute.toRealPath();
            BasicFileAttributes attributes = Files.readAttributes(real, BasicFileAttributes.class);
            if (!attributes.isRegularFile() || !Files.isExecutable(real)) {
                return Optional.empty();
            }
            Optional<Path> venvRoot = venvRoot(absolute);
            String key = venvRoot.isPresent() ? venvRoot.get().toRealPath().toString() : real.toString();
            return Optional.of(new InterpreterFile(absolute, key, real, attributes.size(),
                    attributes.lastModifiedTime().toMillis(), attributes.fileKey()));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The venv an executable belongs to: {@code <root>/bin/python} or {@code <root>\Scripts\python.exe} beside a {@code pyvenv.cfg}. */
    static Optional<Path> venvRoot(Path executable) {
        Path bin = executable.getParent();
        Path root = bin == null ? null : bin.getParent();
        if (root != null && Files.isRegularFile(root.resolve("pyvenv.cfg"), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(root);
        }
        return Optional.empty();
    }

    /**
     * Whether {@code other} is this interpreter under another name that symlink resolution cannot see:
     * a hard link (same inode), or a byte-identical copy beside it (relocatable builds ship
     * {@code bin/python3} and {@code bin/python3.13} as two copies). Venvs are never merged this way.
     */
    boolean sameInstallationAs(InterpreterFile other) {
        boolean plain = key.equals(realFile.toString()) && other.key.equals(other.realFile.toString());
        if (!plain || realFile.equals(other.realFile)) {
            return false;
        }
        if (fileKey != null && fileKey.equals(other.fileKey)) {
            return true;
        }
        if (size != other.size || !Objects.equals(realFile.getParent(), other.realFile.getParent())) {
            return false;
        }
        try {
            return Files.mismatch(realFile, other.realFile) == -1;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether a cached result for {@code realPath}, {@code size}, {@code modified} still describes this file. */
    boolean sameAs(String storedRealPath, long storedSize, long storedModified) {
        return realFile.toString().equals(storedRealPath) && size == storedSize && modified == storedModified;
    }
}
