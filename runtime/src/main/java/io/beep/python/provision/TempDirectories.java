package io.beep.python.provision;

import io.beep.python.fs.FileTrees;
import io.beep.python.fs.HomeLayout;
import io.beep.python.fs.ScratchOwner;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * Work directories beside the final one ({@code embedded/.tmp-<name>-<tag>-<nanos>}, the tag {@link ScratchOwner}'s), so that the
 * finished tree reaches its place by an atomic rename on the same file system. A crash leaves one
 * behind; the next provisioning of the same name, holding that name's lock, removes it.
 */
final class TempDirectories {

    private static final System.Logger LOG = System.getLogger(TempDirectories.class.getName());

    private TempDirectories() {
    }

    static Path create(Path parent, String name) throws IOException {
        Files.createDirectories(parent);
        // Tagged with this JVM (ScratchOwner) so that a start's sweep (HomeLayout.Scratch) can tell a dead run's from a live one's.
        Path dir = parent.resolve(prefix(name) + ScratchOwner.tag() + "-" + System.nanoTime());
        Files.createDirectory(dir);
        return dir;
    }

    /** Removes what crashed runs left for {@code name}; call only while holding that name's lock. */
    static void removeStale(Path parent, String name) {
        if (!Files.isDirectory(parent)) {
            return;
        }
        try (Stream<Path> children = Files.list(parent)) {
            for (Path stale : children.filter(p -> p.getFileName().toString().startsWith(prefix(name))).toList()) {
                LOG.log(System.Logger.Level.INFO, "Removing {0}, left by an interrupted provisioning", stale);
                FileTrees.delete(stale);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot clean up stale directories in " + parent, e);
        }
    }

    private static String prefix(String name) {
        return HomeLayout.Scratch.UNPACKING + name + "-";
    }
}
