package io.beep.python.provision;

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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.InvalidPathException;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import java.util.zip.ZipEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Enumeration;
import java.util.EnumSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Unpacks zip, tar.gz, tar.zst and tar.xz archives with Commons Compress (jars with the JDK's zip reader), refusing every entry
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

    /**
     * Bounds on what one archive may expand to, so that a zip bomb fails with a clear error instead of
     * filling the disk: an interpreter is a few hundred MB in a few thousand entries.
     */
    record Limits(long maxBytes, int maxEntries) {
        static final Limits DEFAULT = new Limits(4L << 30, 200_000);
    }

    private static final int BUFFER = 1 << 16;
    private static final int WRITERS = 4;

    private final Path root;
    private final Path realRoot;
    private final String prefix;
    private final Set<Path> checkedDirectories = ConcurrentHashMap.newKeySet();
    private final boolean posix;
    private final Limits limits;
    private final Predicate<String> leftOut; // by name below the prefix: entries never written
    private final java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
    private int entryCount;
    private volatile boolean split; // some entries are written after the first part ended

    private SafeExtractor(Path root, String prefix, Limits limits, Predicate<String> leftOut) throws IOException {
        this.limits = limits;
        this.leftOut = leftOut;
        Files.createDirectories(root);
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = root.toRealPath();
        this.prefix = prefix;
        this.posix = Files.getFileAttributeView(root, java.nio.file.attribute.PosixFileAttributeView.class) != null;
    }

    /** Extracts {@code archive} into {@code target} (created if needed). */
    static void extract(Path archive, ArchiveFormat format, Path target, String prefix, Cancellation cancellation) throws IOException {
        extract(archive, format, target, prefix, Limits.DEFAULT, cancellation);
    }

    static void extract(Path archive, ArchiveFormat format, Path target, String prefix, Limits limits, Cancellation cancellation)
            throws IOException {
        new SafeExtractor(target, prefix, limits, name -> false).run(archive, format, later -> false, () -> { }, cancellation);
    }

    /**
     * Starts extracting {@code archive} into {@code target} in the background, leaving out the entries {@code leftOut}
     * selects (their names are still checked: a hostile entry fails the archive either way) and writing those
     * {@code later} selects after all others (both by {@code /}-separated name below the prefix), so that a caller can
     * use the rest (start the interpreter) while they are still being written. Only a zip without symbolic links is split: a link must
     * never be created before every file is written, and a tar stream has its own order. Else everything is
     * written before {@link Extraction#awaitFirstPart()} returns.
     */
    static Extraction start(Path archive, ArchiveFormat format, Path target, String prefix, Predicate<String> leftOut,
            Predicate<String> later, Cancellation cancellation) throws IOException {
        SafeExtractor extractor = new SafeExtractor(target, prefix, Limits.DEFAULT, leftOut);
        return new Extraction(extractor, archive, format, later, cancellation);
    }

    /** An extraction running on a thread of its own. */
    static final class Extraction implements AutoCloseable {
        private final CompletableFuture<Void> firstPart = new CompletableFuture<>();
        private final CompletableFuture<Void> all;
        private final Cancellation own = new Cancellation();
        private final AutoCloseable linked;
        private final SafeExtractor extractor;

        private Extraction(SafeExtractor extractor, Path archive, ArchiveFormat format, Predicate<String> later, Cancellation cancellation) {
            this.extractor = extractor;
            this.linked = cancellation.onCancel(() -> own.cancel(cancellation.reason()));
            this.all = BackgroundTask.start("beep-python-extract", () -> {
                extractor.run(archive, format, later, () -> firstPart.complete(null), own);
                return null;
            });
            // A failure before the first part ended fails it too; after that, completing it again changes nothing.
            all.whenComplete((done, failure) -> {
                if (failure != null) {
                    firstPart.completeExceptionally(failure);
                } else {
                    firstPart.complete(null);
                }
            });
        }

        /** Returns once every entry but the later ones is written; throws what the extraction failed with. */
        void awaitFirstPart() throws IOException {
            await(firstPart);
        }

        /** Whether every entry is written: after {@link #awaitFirstPart()}, true when nothing was left for later. */
        boolean isComplete() {
            return firstPart.isDone() && !extractor.split || all.isDone();
        }

        /** Returns once every entry is written. */
        void awaitAll() throws IOException {
            await(all);
        }

        /** Stops the extraction (if still running) and waits for its threads to let go of the target. */
        @Override
        public void close() {
            if (!all.isDone()) {
                own.cancel("the extraction was abandoned");
            }
            try {
                all.handle((ok, e) -> null).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // handle() never fails
            }
            try {
                linked.close();
            } catch (Exception ignored) {
                // removing a callback cannot fail
            }
        }

        private static void await(CompletableFuture<Void> part) throws IOException {
            try {
                part.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("Interrupted while extracting", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IOException(cause);
            }
        }
    }

    private void run(Path archive, ArchiveFormat format, Predicate<String> later, Runnable firstPartDone, Cancellation cancellation)
            throws IOException {
        if (format == ArchiveFormat.JAR) {
            extractJar(archive, later, firstPartDone, cancellation);
        } else if (format.isZip()) {
            extractZip(archive, later, firstPartDone, cancellation);
        } else {
            extractTar(archive, format, cancellation);
        }
    }

    /**
     * Zip has a central directory and random access, so files are written by a few threads at once
     * (the work is mostly file creation, which overlaps well). Directories come first, symbolic links
     * last, so no file is ever written while a link that could redirect it is being created.
     */
    private void extractZip(Path archive, Predicate<String> later, Runnable firstPartDone, Cancellation cancellation) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            List<FileEntry<ZipArchiveEntry>> files = new ArrayList<>();
            List<FileEntry<ZipArchiveEntry>> laterFiles = new ArrayList<>();
            List<ZipArchiveEntry> links = new ArrayList<>();
            Enumeration<ZipArchiveEntry> entries = zip.getEntriesInPhysicalOrder();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry entry = entries.nextElement();
                String relative = placed(entry.getName(), entry.isDirectory());
                if (relative == null) {
                    continue;
                }
                if (entry.isUnixSymlink()) {
                    links.add(entry);
                } else {
                    (later.test(relative) ? laterFiles : files).add(
                            new FileEntry<>(entry, resolveInside(entry.getName(), relative), entry.getCompressedSize()));
                }
            }
            if (!links.isEmpty()) {
                files.addAll(laterFiles); // every file before the first link: nothing may be written through one
                laterFiles.clear();
            }
            split = !laterFiles.isEmpty();
            writeInParallel(files, () -> new ZipWriter(zip), cancellation);
            for (ZipArchiveEntry entry : links) {
                try (InputStream in = zip.getInputStream(entry)) {
                    symlink(entry.getName(), destination(entry.getName()), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            firstPartDone.run();
            writeInParallel(laterFiles, () -> new ZipWriter(zip), cancellation);
        }
    }

    /**
     * A jar (what a Maven repository serves) is read with the JDK's own zip reader, whose classes a JVM has already
     * loaded and compiled for its class path: in a fresh JVM, Commons Compress took 250-300 ms to parse the 3,409
     * entries of the CPython jar (a {@code Calendar} per entry for its DOS time), the JDK 10-20 ms. Jars carry no Unix
     * modes or links for it to miss: Maven writes neither (the layout makes {@code bin/} executable), and a link stored
     * anyway would be written as a file naming its target, which the new interpreter's check then fails on.
     */
    private void extractJar(Path archive, Predicate<String> later, Runnable firstPartDone, Cancellation cancellation) throws IOException {
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(archive.toFile())) {
            List<FileEntry<ZipEntry>> files = new ArrayList<>();
            List<FileEntry<ZipEntry>> laterFiles = new ArrayList<>();
            Enumeration<? extends ZipEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String relative = placed(entry.getName(), entry.isDirectory());
                if (relative != null) {
                    (later.test(relative) ? laterFiles : files).add(
                            new FileEntry<>(entry, resolveInside(entry.getName(), relative), entry.getCompressedSize()));
                }
            }
            split = !laterFiles.isEmpty();
            writeInParallel(files, () -> new JarWriter(jar), cancellation);
            firstPartDone.run();
            writeInParallel(laterFiles, () -> new JarWriter(jar), cancellation);
        }
    }

    /**
     * Counts and checks a zip entry, and makes it if it is a directory (before any file, so a listing sees every
     * directory early); returns its name below the prefix when it is a file or link to write, else null.
     */
    private String placed(String name, boolean directory) throws IOException {
        countEntry(name);
        String relative = kept(relativeName(name));
        if (relative != null && directory) {
            createDirectory(resolveInside(name, relative));
            return null;
        }
        return relative;
    }

    /** An archive entry that is a file, and where it goes. */
    private record FileEntry<E>(E entry, Path destination, long compressedSize) {
    }

    /** Writes files of one reader's entries on one thread, reusing its buffers. */
    private interface EntryWriter<E> extends AutoCloseable {
        void write(FileEntry<E> file) throws IOException;

        @Override
        void close();
    }

    private <E> void writeInParallel(List<FileEntry<E>> files, Supplier<EntryWriter<E>> writers, Cancellation cancellation)
            throws IOException {
        if (files.isEmpty()) {
            return;
        }
        int threads = Math.max(1, Math.min(WRITERS, files.size() / 64));
        // Largest first, each thread taking the next: no thread is left with a big file when the others are done.
        List<FileEntry<E>> queue = new ArrayList<>(files);
        queue.sort(Comparator.comparingLong((FileEntry<E> file) -> file.compressedSize()).reversed());
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "beep-python-extract");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                parts.add(pool.submit(() -> {
                    try (EntryWriter<E> writer = writers.get()) {
                        for (int i = next.getAndIncrement(); i < queue.size(); i = next.getAndIncrement()) {
                            cancellation.throwIfCancelled();
                            writer.write(queue.get(i));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> part : parts) {
                try {
                    part.get();
                } catch (ExecutionException e) {
                    parts.forEach(p -> p.cancel(true));
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IOException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("Interrupted while extracting", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One writer thread's reusable inflater and buffers. Commons Compress parses the entries (modes, links, names);
     * deflated data is inflated here from one read of the entry's bytes, with its CRC-32 checked (the library's own
     * stream inflates through a 512-byte buffer, and a stream per entry allocated about 200 KB of buffers each time,
     * which a fresh JVM paid for in garbage and compilation more than for the data).
     */
    private final class ZipWriter implements EntryWriter<ZipArchiveEntry> {
        private final ZipFile zip;
        private final Inflater inflater = new Inflater(true);
        private final CRC32 crc = new CRC32();
        private final byte[] buffer = new byte[BUFFER];
        private byte[] compressed = new byte[BUFFER];

        ZipWriter(ZipFile zip) {
            this.zip = zip;
        }

        @Override
        public void write(FileEntry<ZipArchiveEntry> file) throws IOException {
            ZipArchiveEntry entry = file.entry();
            int mode = entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? entry.getUnixMode() : 0;
            long size = entry.getCompressedSize();
            if (entry.getMethod() != ZipEntry.DEFLATED || entry.getGeneralPurposeBit().usesEncryption() || size < 0
                    || size > Integer.MAX_VALUE - 8) {
                try (InputStream in = zip.getInputStream(entry)) {
                    writeFile(file.destination(), in::read, buffer, mode);
                }
                return;
            }
            if (compressed.length < size) {
                compressed = new byte[(int) size];
            }
            int read;
            try (InputStream raw = zip.getRawInputStream(entry)) {
                read = raw.readNBytes(compressed, 0, (int) size);
            }
            if (read < size) {
                throw new IOException("entry '" + entry.getName() + "' is truncated");
            }
            inflater.reset();
            inflater.setInput(compressed, 0, read);
            crc.reset();
            writeFile(file.destination(), this::inflate, buffer, mode);
            checkCrc(entry.getName(), entry.getCrc(), crc);
        }

        private int inflate(byte[] into, int offset, int length) throws IOException {
            try {
                while (true) {
                    int n = inflater.inflate(into, offset, length);
                    if (n > 0) {
                        crc.update(into, offset, n);
                        return n;
                    }
                    if (inflater.finished()) {
                        return -1;
                    }
                    if (inflater.needsInput() || inflater.needsDictionary()) {
                        throw new IOException("deflated data ends early");
                    }
                }
            } catch (java.util.zip.DataFormatException e) {
                throw new IOException("invalid deflated data (" + e.getMessage() + ")", e);
            }
        }

        @Override
        public void close() {
            inflater.end();
        }
    }

    /** One writer thread's buffer and CRC for a jar; the JDK's reader inflates and pools its inflaters itself. */
    private final class JarWriter implements EntryWriter<ZipEntry> {
        private final java.util.zip.ZipFile jar;
        private final CRC32 crc = new CRC32();
        private final byte[] buffer = new byte[BUFFER];

        JarWriter(java.util.zip.ZipFile jar) {
            this.jar = jar;
        }

        @Override
        public void write(FileEntry<ZipEntry> file) throws IOException {
            ZipEntry entry = file.entry();
            crc.reset();
            try (InputStream in = jar.getInputStream(entry)) {
                // The JDK's ZipFile, unlike its ZipInputStream, does not check an entry's CRC-32: done here.
                writeFile(file.destination(), (into, offset, length) -> {
                    int n = in.read(into, offset, length);
                    if (n > 0) {
                        crc.update(into, offset, n);
                    }
                    return n;
                }, buffer, 0);
            }
            checkCrc(entry.getName(), entry.getCrc(), crc);
        }

        @Override
        public void close() {
            // nothing of its own to release: the JDK's reader owns its inflaters
        }
    }

    private static void checkCrc(String name, long expected, CRC32 crc) throws IOException {
        if (expected >= 0 && crc.getValue() != expected) {
            throw new IOException("entry '" + name + "' is damaged: its CRC-32 does not match its data");
        }
    }

    private void extractTar(Path archive, ArchiveFormat format, Cancellation cancellation) throws IOException {
        byte[] tarBuffer = new byte[BUFFER];
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16);
                InputStream decompressed = decompress(file, format);
                TarArchiveInputStream tar = new TarArchiveInputStream(decompressed)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                cancellation.throwIfCancelled();
                countEntry(entry.getName());
                Path destination = destination(entry.getName());
                if (destination == null) {
                    continue;
                }
                if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                    // Checked first: Commons Compress counts these as files too.
                    throw new UnsafeEntryException("Archive entry '" + entry.getName() + "' is a device or pipe, not a file");
                } else if (entry.isDirectory()) {
                    createDirectory(destination);
                } else if (entry.isSymbolicLink()) {
                    symlink(entry.getName(), destination, entry.getLinkName());
                } else if (entry.isLink()) {
                    hardLink(entry.getName(), destination, entry.getLinkName());
                } else if (entry.isFile()) {
                    writeFile(destination, tar::read, tarBuffer, entry.getMode());
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

    private void countEntry(String name) throws UnsafeEntryException {
        if (++entryCount > limits.maxEntries()) {
            throw new UnsafeEntryException("Archive has more than " + limits.maxEntries() + " entries (at '" + name
                    + "'): refused as a possible zip bomb");
        }
    }

    /** Where an entry goes, or null when it lies outside the prefix; refuses names that escape the root. */
    private Path destination(String rawName) throws UnsafeEntryException {
        String relative = kept(relativeName(rawName));
        return relative == null ? null : resolveInside(rawName, relative);
    }

    /**
     * An entry's name below the prefix, {@code /}-separated, or null when it lies outside the prefix; refuses absolute
     * names and {@code ..} segments. One pass over the name, no split: a fresh JVM runs this interpreted for each of
     * thousands of entries.
     */
    private String relativeName(String rawName) throws UnsafeEntryException {
        String name = rawName.indexOf('\\') < 0 ? rawName : rawName.replace('\\', '/');
        if (name.startsWith("/") || (name.length() >= 2 && name.charAt(1) == ':' && isAsciiLetter(name.charAt(0)))) {
            throw new UnsafeEntryException("Archive entry '" + rawName + "' has an absolute path");
        }
        for (int start = 0, end; start < name.length(); start = end + 1) {
            end = name.indexOf('/', start);
            end = end < 0 ? name.length() : end;
            if (end - start == 2 && name.charAt(start) == '.' && name.charAt(start + 1) == '.') {
                throw new UnsafeEntryException("Archive entry '" + rawName + "' climbs out of the target with '..'");
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
    private Path resolveInside(String rawName, String relative) throws UnsafeEntryException {
        Path destination;
        try {
            destination = root.resolve(relative);
            if (!isPlain(relative)) {
                destination = destination.normalize();
            }
        } catch (InvalidPathException e) {
            throw new UnsafeEntryException("Archive entry '" + rawName + "' is not a valid file name here: " + e.getReason());
        }
        if (!destination.startsWith(root) || destination.equals(root)) {
            throw new UnsafeEntryException("Archive entry '" + rawName + "' resolves outside the target");
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

    private void createDirectory(Path directory) throws IOException {
        ensureParentInside(directory);
        Files.createDirectories(directory);
    }

    /** Where a file's bytes come from: an archive's stream or an inflater; -1 at the end. */
    private interface Content {
        int read(byte[] buffer, int offset, int length) throws IOException;
    }

    private static final Set<OpenOption> WRITE_NO_FOLLOW = Set.of(LinkOption.NOFOLLOW_LINKS, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);

    private void writeFile(Path destination, Content in, byte[] buffer, int mode) throws IOException {
        ensureParentInside(destination);
        // NOFOLLOW_LINKS (O_NOFOLLOW): writing through a link placed by an earlier entry is how a link attack lands its payload.
        try (FileChannel out = FileChannel.open(destination, WRITE_NO_FOLLOW)) {
            ByteBuffer wrapped = ByteBuffer.wrap(buffer);
            int n;
            while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
                if (written.addAndGet(n) > limits.maxBytes()) {
                    throw new UnsafeEntryException("Archive expands to more than " + limits.maxBytes() + " bytes (at entry '"
                            + root.relativize(destination) + "'): refused as a possible zip bomb");
                }
                wrapped.clear().limit(n);
                while (wrapped.hasRemaining()) {
                    out.write(wrapped);
                }
            }
        } catch (IOException e) {
            // ELOOP arrives as a plain IOException, not a FileSystemException.
            if (!(e instanceof UnsafeEntryException) && Files.isSymbolicLink(destination)) {
                throw new UnsafeEntryException("Archive writes '" + root.relativize(destination) + "' through a symbolic link");
            }
            throw e;
        }
        if (posix && mode != 0) {
            Files.setPosixFilePermissions(destination, permissions(mode));
        }
    }

    private void symlink(String entryName, Path destination, String linkTarget) throws IOException {
        ensureParentInside(destination);
        Path target;
        try {
            target = Path.of(linkTarget.replace('\\', '/'));
        } catch (InvalidPathException e) {
            throw new UnsafeEntryException("Archive entry '" + entryName + "' links to an invalid name: " + e.getReason());
        }
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
