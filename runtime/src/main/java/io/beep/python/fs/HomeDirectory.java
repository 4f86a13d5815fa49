package io.beep.python.fs;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The home ({@code beep.python.home}) before anything is written into it: created owner-only
 * ({@code 0700}) where the file system has POSIX modes, so that everything below it (interpreters
 * the application runs, venvs, caches, locks) is private to the user without a mode on each file;
 * refused when every user may write to it (anyone could swap an interpreter); a warning when its
 * group may (a shared volume with a Kubernetes {@code fsGroup} is, and that group is trusted);
 * refused, naming the path, when it cannot be written (a read-only file system).
 */
public final class HomeDirectory {

    private static final System.Logger LOG = System.getLogger(HomeDirectory.class.getName());
    private static final int OTHERS_WRITE = 0002;
    private static final int GROUP_WRITE = 0020;
    private static final Set<Path> WARNED = ConcurrentHashMap.newKeySet();

    private HomeDirectory() {
    }

    /**
     * Creates {@code home} owner-only if missing, then checks that it is safe and writable. Returns the warning about
     * a group-writable home (logged once per JVM, returned every time so each bootstrap result carries it).
     */
    public static Optional<String> prepare(Path home) {
        Path dir = home.toAbsolutePath().normalize();
        try {
            createIfAbsent(dir);
        } catch (IOException e) {
            throw new UnsafeHomeException(dir.toString(), "Cannot create the Beep Python home " + dir + ": " + describe(e)
                    + ". Choose a writable home.", e);
        }
        // A home reached through a link (a volume mounted elsewhere, a link in a container image) is judged by the
        // directory the link leads to: a link's own mode is always 0777 and says nothing about who may write there.
        Path real = realPath(dir);
        String named = real.equals(dir) ? dir.toString() : dir + " (a link to " + real + ")";
        Integer mode = mode(real);
        if (mode != null && (mode & OTHERS_WRITE) != 0) {
            throw new UnsafeHomeException(dir.toString(), "The Beep Python home " + named + " is writable by every user (mode "
                    + String.format("%04o", mode & 07777) + "): anyone could replace the interpreters it runs. Make it private"
                    + " (chmod 700 " + real + ") or choose another home.", null);
        }
        Optional<String> warning = Optional.empty();
        if (mode != null && (mode & GROUP_WRITE) != 0) {
            warning = Optional.of("The Beep Python home " + named + " is writable by its group (mode " + String.format("%04o", mode & 07777)
                    + "): every member of that group can change the interpreters and packages this application runs.");
            if (WARNED.add(dir)) {
                LOG.log(System.Logger.Level.WARNING, warning.get());
            }
        }
        try {
            if (!Files.isWritable(dir)) {
                // access(2) said no (a read-only mount, a missing permission); a write says why, in the OS's words.
                Files.delete(Files.createTempFile(dir, ".write-check", ".tmp"));
            }
            Files.createDirectories(HomeLayout.of(dir).locks());
        } catch (IOException e) {
            throw new UnsafeHomeException(dir.toString(), "The Beep Python home " + named + " is not writable: " + describe(e)
                    + ". Give the application a writable home (a read-only file system cannot hold it).", e);
        }
        return warning;
    }

    /**
     * The one place that creates the home: owner-only ({@code 0700}, given at creation, so it is never
     * visible with a wider mode) when it is absent, nothing when it is a directory already. Every room that
     * may write into the home before a bootstrap has {@link #prepare prepared} it (the application's
     * unpacked files, the registry, the profiles, the lock files, the CLI) calls this first: a sub-folder
     * created with its parents would otherwise create the home with the process's umask ({@code 0755}).
     * Checks nothing else; {@link #prepare} judges the home's safety.
     *
     * @return the home, absolute and normalized
     */
    public static Path createIfAbsent(Path home) throws IOException {
        Path dir = home.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            create(dir);
        }
        return dir;
    }

    private static void create(Path dir) throws IOException {
        if (dir.getParent() != null) {
            Files.createDirectories(dir.getParent());
        }
        try {
            if (Files.getFileAttributeView(dir.getParent(), java.nio.file.attribute.PosixFileAttributeView.class) != null) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(dir);
            }
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
            // Another process created it meanwhile.
        }
    }

    /** Where {@code dir} really is, its links resolved; {@code dir} itself when that cannot be told. */
    private static Path realPath(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir;
        }
    }

    /** {@code st_mode} of the real directory where the platform offers it ("unix" view), else null. */
    private static Integer mode(Path real) {
        try {
            return (Integer) Files.getAttribute(real, "unix:mode");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String describe(IOException e) {
        String reason = e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
        return e.getClass().getSimpleName().replace("Exception", "") + (reason == null ? "" : " (" + reason + ")");
    }
}
