package io.beep.python.fs;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Deletes directory trees without following links out of them: a venv links to its base
 * interpreter, and deleting the venv must never touch the interpreter. Entries that vanish while
 * we walk (another process cleaning up too) are fine. Mirrors trees by hard links, for snapshots,
 * the package store and baked environments.
 */
public final class FileTrees {

    private FileTrees() {
    }

    /** Deletes {@code root} and everything below it; a missing root is fine. */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null && !(exc instanceof NoSuchFileException)) {
                    throw exc;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Hard-links {@code existing} at {@code newLink}, or copies it (times and modes kept) where the file system cannot link. */
    public static void linkOrCopy(Path existing, Path newLink) throws IOException {
        try {
            Files.createLink(newLink, existing);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(existing, newLink, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }

    /** Work on one part of a list of file operations. */
    @FunctionalInterface
    public interface Part<T> {
        void run(List<T> items) throws IOException;
    }

    /**
     * Runs {@code work} on the first half of {@code items} here and on the second on one more thread (all here when
     * they are few): for thousands of small file operations, such as the store's stats and directories.
     */
    public static <T> void splitInTwo(List<T> items, Part<T> work) throws IOException {
        TwoThreads.split(items, work::run);
    }

    /** One hard link to make: {@code existing} at {@code link}. */
    public record Link(Path existing, Path link) {
    }

    /**
     * Makes every link of {@code links} (their directories must exist), or copies where the file system cannot link
     * (told by the first one; times and modes kept); every path made is added to {@code made}, also when one fails, so
     * that a caller can undo them. Many links are split between two threads ({@link TwoThreads}): faster for the
     * store's thousands, neutral for pip's seed files, so one implementation serves both (figures in performance.md).
     *
     * @return how many were linked (0 when copied)
     */
    public static int linkAll(List<Link> links, List<Path> made) throws IOException {
        if (links.isEmpty()) {
            return 0;
        }
        Link first = links.get(0);
        try {
            Files.createLink(first.link(), first.existing());
            made.add(first.link());
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException | UnsupportedOperationException e) {
            // Another file system, or one without hard links: copy.
            for (Link each : links) {
                Files.copy(each.existing(), each.link(), StandardCopyOption.COPY_ATTRIBUTES);
                made.add(each.link());
            }
            return 0;
        }
        List<Path> both = Collections.synchronizedList(new ArrayList<>(links.size()));
        try {
            TwoThreads.split(links.subList(1, links.size()), half -> link(half, both));
        } finally {
            made.addAll(both);
        }
        return links.size();
    }

    private static void link(List<Link> links, List<Path> made) throws IOException {
        for (Link each : links) {
            Files.createLink(each.link(), each.existing());
            made.add(each.link());
        }
    }

    /**
     * Mirrors {@code source} at {@code target} with {@link #linkOrCopy} (symbolic links are made
     * anew, pointing where theirs point); what already exists at {@code target} is kept.
     *
     * @return the bytes of the regular files mirrored
     */
    public static long linkTree(Path source, Path target) throws IOException {
        long[] bytes = {0};
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(target.resolve(source.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path to = target.resolve(source.relativize(file).toString());
                if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
                    return FileVisitResult.CONTINUE;
                }
                if (attrs.isSymbolicLink()) {
                    Files.createSymbolicLink(to, Files.readSymbolicLink(file));
                } else {
                    linkOrCopy(file, to);
                    bytes[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return bytes[0];
    }
}
