package io.beep.python.provision;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The path-safety policy of one extraction, whatever the format: which entries are kept (those under the prefix, less the
 * left-out names), where each goes, and that nothing lands outside the target: absolute names, {@code ..} segments, links
 * whose target leaves the tree, files written through a link, and archives past the {@link SafeExtractor.Limits} are
 * refused with {@link SafeExtractor.UnsafeEntryException}. The readers write every entry through it.
 */
final class PathPolicy {

    static final int BUFFER = 1 << 16;

    private static final Set<OpenOption> WRITE_NO_FOLLOW = Set.of(LinkOption.NOFOLLOW_LINKS, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);

    private final Path root;
    private final Path realRoot;
    private final String prefix;
    private final Set<Path> checkedDirectories = ConcurrentHashMap.newKeySet();
    private final boolean posix;
    private final SafeExtractor.Limits limits;
    private final Predicate<String> leftOut; // by name below the prefix: entries never written
    private final AtomicLong written = new AtomicLong();
    private int entryCount;

    PathPolicy(Path root, String prefix, SafeExtractor.Limits limits, Predicate<String> leftOut) throws IOException {
        this.limits = limits;
        this.leftOut = leftOut;
        Files.createDirectories(root);
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = root.toRealPath();
        this.prefix = prefix;
        this.posix = Files.getFileAttributeView(root, java.nio.file.attribute.PosixFileAttributeView.class) != null;
    }

    /** Where a file's bytes come from: an archive's stream or an inflater; -1 at the end. */
    interface Content {
        int read(byte[] buffer, int offset, int length) throws IOException;
    }

    /**
     * Counts and checks a zip entry, and makes it if it is a directory (before any file, so a listing sees every
     * directory early); returns its name below the prefix when it is a file or link to write, else null.
     */
    String placed(String name, boolean directory) throws IOException {
        countEntry(name);
        String relative = kept(relativeName(name));
        if (relative != null && directory) {
            createDirectory(resolveInside(name, relative));
            return null;
        }
        return relative;
    }

    void countEntry(String name) throws SafeExtractor.UnsafeEntryException {
        if (++entryCount > limits.maxEntries()) {
            throw new SafeExtractor.UnsafeEntryException("Archive has more than " + limits.maxEntries() + " entries (at '" + name
                    + "'): refused as a possible zip bomb");
        }
    }

    /** Where an entry goes, or null when it lies outside the prefix; refuses names that escape the root. */
    Path destination(String rawName) throws SafeExtractor.UnsafeEntryException {
        String relative = kept(relativeName(rawName));
        return relative == null ? null : resolveInside(rawName, relative);
    }

    /**
     * An entry's name below the prefix, {@code /}-separated, or null when it lies outside the prefix; refuses absolute
     * names and {@code ..} segments. One pass over the name, no split: a fresh JVM runs this interpreted for each of
     * thousands of entries.
     */
    private String relativeName(String rawName) throws SafeExtractor.UnsafeEntryException {
        String name = rawName.indexOf('\\') < 0 ? rawName : rawName.replace('\\', '/');
        if (name.startsWith("/") || (name.length() >= 2 && name.charAt(1) == ':' && isAsciiLetter(name.charAt(0)))) {
            throw new SafeExtractor.UnsafeEntryException("Archive entry '" + rawName + "' has an absolute path");
        }
        for (int start = 0, end; start < name.length(); start = end + 1) {
            end = name.indexOf('/', start);
            end = end < 0 ? name.length() : end;
            if (end - start == 2 && name.charAt(start) == '.' && name.charAt(start + 1) == '.') {
                throw new SafeExtractor.UnsafeEntryException("Archive entry '" + rawName + "' climbs out of the target with '..'");
            }
        }
        String stripped = name.startsWith("./") ? name.substring(2) : name;
        if (!stripped.startsWith(prefix)) {
            return null;
        }
        stripped = stripped.substring(prefix.length());
        return stripped.isEmpty() || stripped.equals("/") ? null : stripped;
    }

    /** {@code relative} (from {@link #relativeName}), or null when it is one of the names left out. */
    private String kept(String relative) {
        return relative == null || leftOut.test(relative) ? null : relative;
    }

    /** {@code relative} (from {@link #relativeName}) under the root, normalized; refuses what still lands outside. */
    Path resolveInside(String rawName, String relative) throws SafeExtractor.UnsafeEntryException {
        Path destination;
        try {
            destination = root.resolve(relative);
            if (!isPlain(relative)) {
                destination = destination.normalize();
            }
        } catch (InvalidPathException e) {
            throw new SafeExtractor.UnsafeEntryException("Archive entry '" + rawName + "' is not a valid file name here: " + e.getReason());
        }
        if (!destination.startsWith(root) || destination.equals(root)) {
            throw new SafeExtractor.UnsafeEntryException("Archive entry '" + rawName + "' resolves outside the target");
        }
        return destination;
    }

    /** No {@code .} or empty segment: resolved under the root, the name is already normal (its {@code ..} were refused). */
    private static boolean isPlain(String relative) {
        return !relative.startsWith("./") && !relative.contains("/./") && !relative.endsWith("/.") && !relative.equals(".")
                && !relative.contains("//");
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    void createDirectory(Path directory) throws IOException {
        ensureParentInside(directory);
        Files.createDirectories(directory);
    }

    void writeFile(Path destination, Content in, byte[] buffer, int mode) throws IOException {
        ensureParentInside(destination);
        // NOFOLLOW_LINKS (O_NOFOLLOW): writing through a link placed by an earlier entry is how a link attack lands its payload.
        try (FileChannel out = FileChannel.open(destination, WRITE_NO_FOLLOW)) {
            ByteBuffer wrapped = ByteBuffer.wrap(buffer);
            int n;
            while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
                if (written.addAndGet(n) > limits.maxBytes()) {
                    throw new SafeExtractor.UnsafeEntryException("Archive expands to more than " + limits.maxBytes()
                            + " bytes (at entry '" + root.relativize(destination) + "'): refused as a possible zip bomb");
                }
                wrapped.clear().limit(n);
                while (wrapped.hasRemaining()) {
                    out.write(wrapped);
                }
            }
        } catch (IOException e) {
            // ELOOP arrives as a plain IOException, not a FileSystemException.
            if (!(e instanceof SafeExtractor.UnsafeEntryException) && Files.isSymbolicLink(destination)) {
                throw new SafeExtractor.UnsafeEntryException("Archive writes '" + root.relativize(destination) + "' through a symbolic link");
            }
            throw e;
        }
        if (posix && mode != 0) {
            Files.setPosixFilePermissions(destination, permissions(mode));
        }
    }

    void symlink(String entryName, Path destination, String linkTarget) throws IOException {
        ensureParentInside(destination);
        Path target;
        try {
            target = Path.of(linkTarget.replace('\\', '/'));
        } catch (InvalidPathException e) {
            throw new SafeExtractor.UnsafeEntryException("Archive entry '" + entryName + "' links to an invalid name: " + e.getReason());
        }
        Path resolved = destination.getParent().resolve(target).normalize();
        if (target.isAbsolute() || !resolved.startsWith(root)) {
            throw new SafeExtractor.UnsafeEntryException("Archive entry '" + entryName + "' is a link to '" + linkTarget
                    + "', outside the target");
        }
        Files.deleteIfExists(destination);
        Files.createSymbolicLink(destination, target);
    }

    void hardLink(String entryName, Path destination, String linkTarget) throws IOException {
        ensureParentInside(destination);
        Path existing = destination(linkTarget);
        if (existing == null || !Files.isRegularFile(existing, LinkOption.NOFOLLOW_LINKS)) {
            throw new SafeExtractor.UnsafeEntryException("Archive entry '" + entryName + "' is a hard link to '" + linkTarget
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
            throw new SafeExtractor.UnsafeEntryException("Archive entry '" + root.relativize(destination)
                    + "' would be written outside the target through a link");
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
