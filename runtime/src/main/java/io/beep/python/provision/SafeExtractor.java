package io.beep.python.provision;

import io.beep.python.BootstrapStage;
import io.beep.python.process.Cancellation;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Enumeration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * Unpacks zip/jar, tar.gz, tar.zst and tar.xz archives with Commons Compress, refusing every entry
 * that would land outside the target directory: absolute names, {@code ..} segments, and symbolic
 * or hard links whose target leaves the tree. Unix permissions and in-tree links are kept.
 * <p>
 * Only entries under {@code prefix} are extracted, with the prefix removed; that lifts the
 * interpreter out of {@code org/bytedeco/cpython/<platform>/} or {@code python/} in one pass.
 */
final class SafeExtractor {

    /** Raised for an entry that tries to escape the target; the archive is hostile or broken. */
    static final class UnsafeEntryException extends IOException {
        UnsafeEntryException(String message) {
            super(message);
        }
    }

    private final Path root;
    private final Path realRoot;
    private final String prefix;
    private final Set<Path> checkedDirectories = new HashSet<>();
    private final boolean posix;

    private SafeExtractor(Path root, String prefix) throws IOException {
        Files.createDirectories(root);
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = root.toRealPath();
        this.prefix = prefix;
        this.posix = Files.getFileAttributeView(root, java.nio.file.attribute.PosixFileAttributeView.class) != null;
    }

    /** Extracts {@code archive} into {@code target} (created if needed). */
    static void extract(Path archive, ArchiveFormat format, Path target, String prefix, Cancellation cancellation) throws IOException {
        SafeExtractor extractor = new SafeExtractor(target, prefix);
        if (format.isZip()) {
            extractor.extractZip(archive, cancellation);
        } else {
            extractor.extractTar(archive, format, cancellation);
        }
    }

    private void extractZip(Path archive, Cancellation cancellation) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            Enumeration<ZipArchiveEntry> entries = zip.getEntriesInPhysicalOrder();
            while (entries.hasMoreElements()) {
                cancellation.throwIfCancelled(BootstrapStage.PROVISIONING_PYTHON);
                ZipArchiveEntry entry = entries.nextElement();
                Path destination = destination(entry.getName());
                if (destination == null) {
                    continue;
                }
                int mode = entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? entry.getUnixMode() : 0;
                if (entry.isDirectory()) {
                    createDirectory(destination);
                } else if (entry.isUnixSymlink()) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        symlink(entry.getName(), destination, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                } else {
                    try (InputStream in = zip.getInputStream(entry)) {
                        writeFile(destination, in, mode);
                    }
                }
            }
        }
    }

    private void extractTar(Path archive, ArchiveFormat format, Cancellation cancellation) throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
                InputStream decompressed = decompress(file, format);
                TarArchiveInputStream tar = new TarArchiveInputStream(decompressed)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                cancellation.throwIfCancelled(BootstrapStage.PROVISIONING_PYTHON);
                Path destination = destination(entry.getName());
                if (destination == null) {
                    continue;
                }
                if (entry.isDirectory()) {
                    createDirectory(destination);
                } else if (entry.isSymbolicLink()) {
                    symlink(entry.getName(), destination, entry.getLinkName());
                } else if (entry.isLink()) {
                    hardLink(entry.getName(), destination, entry.getLinkName());
                } else if (entry.isFile()) {
                    writeFile(destination, tar, entry.getMode());
                } else {
                    throw new UnsafeEntryException("Archive entry '" + entry.getName() + "' is a device or pipe, not a file");
                }
            }
        }
    }

    private static InputStream decompress(InputStream in, ArchiveFormat format) throws IOException {
        return switch (format) {
            case TAR_GZ, TGZ -> new GzipCompressorInputStream(in, true);
            case TAR_ZST -> new ZstdCompressorInputStream(in);
            case TAR_XZ -> new XZCompressorInputStream(in);
            default -> throw new IllegalArgumentException("Not a tar format: " + format);
        };
    }

    /** Where an entry goes, or null when it lies outside the prefix; refuses names that escape the root. */
    private Path destination(String rawName) throws UnsafeEntryException {
        String name = rawName.replace('\\', '/');
        if (name.startsWith("/") || name.matches("^[A-Za-z]:.*")) {
            throw new UnsafeEntryException("Archive entry '" + rawName + "' has an absolute path");
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                throw new UnsafeEntryException("Archive entry '" + rawName + "' climbs out of the target with '..'");
            }
        }
        String stripped = name.startsWith("./") ? name.substring(2) : name;
        if (!stripped.startsWith(prefix)) {
            return null;
        }
        stripped = stripped.substring(prefix.length());
        if (stripped.isEmpty() || stripped.equals("/")) {
            return null;
        }
        Path destination = root.resolve(stripped).normalize();
        if (!destination.startsWith(root) || destination.equals(root)) {
            throw new UnsafeEntryException("Archive entry '" + rawName + "' resolves outside the target");
        }
        return destination;
    }

    private void createDirectory(Path directory) throws IOException {
        ensureParentInside(directory);
        Files.createDirectories(directory);
    }

    private void writeFile(Path destination, InputStream in, int mode) throws IOException {
        ensureParentInside(destination);
        if (Files.isSymbolicLink(destination)) {
            // Writing through a link placed by an earlier entry is how a link attack lands its payload.
            throw new UnsafeEntryException("Archive writes '" + root.relativize(destination) + "' through a symbolic link");
        }
        Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
        if (posix && mode != 0) {
            Files.setPosixFilePermissions(destination, permissions(mode));
        }
    }

    private void symlink(String entryName, Path destination, String linkTarget) throws IOException {
        ensureParentInside(destination);
        Path target = Path.of(linkTarget.replace('\\', '/'));
        Path resolved = destination.getParent().resolve(target).normalize();
        if (target.isAbsolute() || !resolved.startsWith(root)) {
            throw new UnsafeEntryException("Archive entry '" + entryName + "' is a link to '" + linkTarget + "', outside the target");
        }
        Files.deleteIfExists(destination);
        Files.createSymbolicLink(destination, target);
    }

    private void hardLink(String entryName, Path destination, String linkTarget) throws IOException {
        ensureParentInside(destination);
        Path existing = destination(linkTarget);
        if (existing == null || !Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)) {
            throw new UnsafeEntryException("Archive entry '" + entryName + "' is a hard link to '" + linkTarget
                    + "', which is not a file extracted before it");
        }
        Files.deleteIfExists(destination);
        try {
            Files.createLink(destination, existing);
        } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
            Files.copy(existing, destination, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The entry's parent, after links already extracted are followed, must still be inside the root. */
    private void ensureParentInside(Path destination) throws IOException {
        Path parent = destination.getParent();
        if (checkedDirectories.contains(parent)) {
            return;
        }
        Files.createDirectories(parent);
        if (!parent.toRealPath().startsWith(realRoot)) {
            throw new UnsafeEntryException("Archive entry '" + root.relativize(destination) + "' would be written outside the target through a link");
        }
        checkedDirectories.add(parent);
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        // Whatever the archive says, we must be able to read and later delete what we unpacked.
        set.add(PosixFilePermission.OWNER_READ);
        set.add(PosixFilePermission.OWNER_WRITE);
        return set;
    }
}
