package io.beep.python.quarkus;

import io.beep.python.fs.FileTrees;
import io.beep.python.fs.HomeDirectory;
import io.beep.python.fs.HomeLayout;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the workers find the application's {@code src/main/python}: the source directory itself in
 * dev mode and tests; in a packaged application the files carried as classpath resources, unpacked
 * once into {@code ${home}/app/<digest>/} (complete or absent: a temporary directory moved into
 * place), and used as they are on every later start.
 */
public final class ApplicationPythonSources {

    /** Where a packaged application carries its {@code src/main/python} (the deployment module writes it). */
    public static final String RESOURCE_ROOT = "META-INF/beep-python/app/";

    private ApplicationPythonSources() {
    }

    /**
     * Whether a file (or directory) of {@code src/main/python}, {@code relative} to it, is the
     * application's code: everything but byte-code caches and editor or VCS litter.
     */
    public static boolean isSource(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.equals("__pycache__") || name.startsWith(".")) {
                return false;
            }
        }
        return !relative.getFileName().toString().endsWith(".pyc");
    }

    static Optional<Path> locate(Path home, String sourceDirectory, List<String> resources, String digest) {
        if (sourceDirectory != null) {
            return Optional.of(Path.of(sourceDirectory));
        }
        if (resources.isEmpty()) {
            return Optional.empty();
        }
        Path target = HomeLayout.of(home).app().resolve(digest);
        if (Files.isDirectory(target)) {
            return Optional.of(target);
        }
        Path temp = target.resolveSibling("." + digest + ".tmp-" + UUID.randomUUID());
        try {
            // Often the first write into a new home: made owner-only here, not by createDirectories below.
            HomeDirectory.createIfAbsent(home);
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            for (String name : resources) {
                try (InputStream in = loader.getResourceAsStream(RESOURCE_ROOT + name)) {
                    if (in == null) {
                        throw new IOException("the application's resource " + RESOURCE_ROOT + name + " is missing");
                    }
                    Path file = temp.resolve(name).normalize();
                    if (!file.startsWith(temp)) {
                        throw new IOException("refusing the resource name " + name);
                    }
                    // Plain writes: the whole directory becomes visible by one rename, so a per-file fsync
                    // (what AtomicFiles does) would only slow the first start.
                    Files.createDirectories(file.getParent());
                    Files.write(file, in.readAllBytes());
                }
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            // Another process of the same application unpacked the same files first.
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the application's Python code into " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                FileTrees.delete(temp);
            } catch (IOException e) {
                // A leftover temporary directory is harmless: it is never on a path.
            }
        }
        return Optional.of(target);
    }
}
