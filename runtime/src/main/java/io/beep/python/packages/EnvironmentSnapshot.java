package io.beep.python.packages;

import io.beep.python.fs.FileTrees;
import io.beep.python.fs.ScratchOwner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A restorable picture of the directories an install writes to (site-packages, the scripts
 * directory, {@code include/} and {@code share/} of the prefix), taken just before the installer
 * runs so a failed install can be undone exactly.
 * <p>
 * It is made of hard links, not copies: taking it costs one link per file and no data. That is
 * safe because installers never write into an existing file: pip and uv unlink or rename a file
 * before replacing it, so the snapshot keeps the old inode. On restore, every file whose inode
 * differs from the snapshot's, and every file the install added, is removed, and the snapshot's
 * files are linked back. Where hard links are impossible (another file system) it copies.
 */
final class EnvironmentSnapshot implements AutoCloseable {

    private final Path store;
    private final List<Path> roots;
    /** Per root index: relative path to the file key (device and inode) the file had when snapshotted. */
    private final List<Map<String, Object>> keys = new ArrayList<>();

    private EnvironmentSnapshot(Path store, List<Path> roots) {
        this.store = store;
        this.roots = roots;
    }

    /**
     * Snapshots the existing directories among {@code roots} into a hidden sibling of {@code prefix}
     * ({@code .beep-python-rollback-NAME-*}): outside the environment, so it never shows in it, and on
     * the same file system, so hard links work.
     */
    static EnvironmentSnapshot take(Path prefix, List<Path> roots) {
        List<Path> existing = roots.stream().filter(Objects::nonNull).map(Path::toAbsolutePath).map(Path::normalize).distinct()
                .filter(Files::isDirectory).toList();
        Path parent = place(prefix);
        String stem = stem(prefix);
        removeStale(parent, stem);
        try {
            Path store = Files.createTempDirectory(parent, stem + ScratchOwner.tag() + "-");
            EnvironmentSnapshot snapshot = new EnvironmentSnapshot(store, existing);
            for (int i = 0; i < existing.size(); i++) {
                snapshot.keys.add(snapshot.capture(existing.get(i), store.resolve(String.valueOf(i))));
            }
            return snapshot;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot snapshot " + prefix + " before installing: " + e.getMessage(), e);
        }
    }

    /** The directory the snapshots of {@code prefix} go into: beside it where that is writable, else inside it. */
    private static Path place(Path prefix) {
        Path absolute = prefix.toAbsolutePath().normalize();
        return absolute.getParent() != null && Files.isWritable(absolute.getParent()) ? absolute.getParent() : absolute;
    }

    private static String stem(Path prefix) {
        return ".beep-python-rollback-" + prefix.toAbsolutePath().normalize().getFileName() + "-";
    }

    /**
     * Removes the snapshots of {@code prefix} that a JVM that is gone left (killed mid-install, or stopped before its
     * clean-up finished), without the install lock: only their maker could still need them. A later install removes
     * them even when it finds nothing to do.
     */
    static void removeAbandoned(Path prefix) {
        ScratchOwner.removeAbandoned(place(prefix), stem(prefix), "");
    }

    /** Puts every snapshotted directory back exactly as it was, then deletes the snapshot. */
    void restore() throws IOException {
        for (int i = 0; i < roots.size(); i++) {
            restore(roots.get(i), store.resolve(String.valueOf(i)), keys.get(i));
        }
        FileTrees.delete(store);
    }

    /**
     * Deletes the snapshot (the environment keeps its current files) on a background thread:
     * unlinking thousands of files is off the install's critical path. A snapshot left behind by
     * a stopped JVM is removed by the next {@link #take}.
     */
    @Override
    public void close() {
        if (!Files.exists(store)) {
            return;
        }
        if (exiting()) {
            deleteQuietly(store); // a JVM that is exiting (a signalled CLI) would end a background deletion half-done
            return;
        }
        Thread cleanup = new Thread(() -> {
            try {
                deleteQuietly(store);
            } finally {
                PENDING.remove(Thread.currentThread());
            }
        }, "beep-python-snapshot-cleanup");
        cleanup.setDaemon(true);
        PENDING.add(cleanup);
        awaitPendingAtExit();
        cleanup.start();
    }

    /**
     * Deletions still running. A daemon thread dies with the JVM, and an application that exits right
     * after its install (an init container, a CLI) would leave the hidden snapshot beside the venv
     * until the next install; so the JVM's shutdown waits a few seconds for them. Process-wide by
     * nature: it is the JVM's exit that must wait.
     */
    private static final Set<Thread> PENDING = ConcurrentHashMap.newKeySet();
    private static final Duration EXIT_WAIT = Duration.ofSeconds(20);
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private static void awaitPendingAtExit() {
        if (!HOOKED.compareAndSet(false, true)) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            long end = System.nanoTime() + EXIT_WAIT.toNanos();
            for (Thread pending : List.copyOf(PENDING)) {
                try {
                    pending.join(Math.max(1, (end - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }, "beep-python-snapshot-cleanup-at-exit"));
    }

    /** Whether the JVM's shutdown has begun: it takes no more shutdown hooks then. */
    private static boolean exiting() {
        Thread probe = new Thread(() -> {
        });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /**
     * Removes snapshots of earlier installs that were never cleaned up (the caller holds the environment's install
     * lock): untagged ones of older versions (that lock orders them), and tagged ones whose maker is gone. A tagged
     * one of a live JVM is kept: it may be another home's install of this venv, which this lock does not order.
     */
    private static void removeStale(Path parent, String stem) {
        try (Stream<Path> entries = Files.list(parent)) {
            entries.filter(p -> p.getFileName().toString().startsWith(stem)
                    && p.getFileName().toString().substring(stem.length()).matches("\\d+")).forEach(EnvironmentSnapshot::deleteQuietly);
        } catch (IOException e) {
            // Nothing to clean, or nothing we may clean.
        }
        ScratchOwner.removeAbandoned(parent, stem, "");
    }

    private static void deleteQuietly(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException | RuntimeException e) {
            // A leftover hidden directory wastes links, not correctness.
        }
    }

    private Map<String, Object> capture(Path root, Path copy) throws IOException {
        Map<String, Object> fileKeys = new HashMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.equals(store)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(copy.resolve(root.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String relative = root.relativize(file).toString();
                Path target = copy.resolve(relative);
                if (attrs.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Files.readSymbolicLink(file));
                    fileKeys.put(relative, "link:" + Files.readSymbolicLink(file));
                } else {
                    FileTrees.linkOrCopy(file, target);
                    fileKeys.put(relative, attrs.fileKey() == null ? attrs.lastModifiedTime() + ":" + attrs.size() : attrs.fileKey());
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return fileKeys;
    }

    private static void restore(Path root, Path copy, Map<String, Object> fileKeys) throws IOException {
        // 1. Remove what the install added or replaced (deepest first, so directories empty out).
        List<Path> current;
        try (Stream<Path> walk = Files.walk(root)) {
            current = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : current) {
            if (path.equals(root)) {
                continue;
            }
            String relative = root.relativize(path).toString();
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attrs.isDirectory()) {
                if (!Files.isDirectory(copy.resolve(relative), LinkOption.NOFOLLOW_LINKS)) {
                    FileTrees.delete(path);
                }
                continue;
            }
            Object key = attrs.isSymbolicLink() ? "link:" + Files.readSymbolicLink(path)
                    : attrs.fileKey() == null ? attrs.lastModifiedTime() + ":" + attrs.size() : attrs.fileKey();
            if (!key.equals(fileKeys.get(relative))) {
                Files.delete(path);
            }
        }
        // 2. Link back what is missing.
        FileTrees.linkTree(copy, root);
    }


}
