package io.beep.python.fs;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

    /** Creates {@code home} owner-only if missing, then checks that it is safe and writable. */
    public static void prepare(Path home) {
        Path dir = home.toAbsolutePath().normalize();
        try {
            if (!Files.isDirectory(dir)) {
                create(dir);
            }
        } catch (IOException e) {
            throw new UnsafeHomeException(dir.toString(), "Cannot create the Beep Python home " + dir + ": " + describe(e)
                    + ". Choose a writable home.", e);
        }
        Integer mode = mode(dir);
        if (mode != null && (mode & OTHERS_WRITE) != 0) {
            throw new UnsafeHomeException(dir.toString(), "The Beep Python home " + dir + " is writable by every user (mode "
                    + String.format("%04o", mode & 07777) + "): anyone could replace the interpreters it runs. Make it private"
                    + " (chmod 700 " + dir + ") or choose another home.", null);
        }
        if (mode != null && (mode & GROUP_WRITE) != 0 && WARNED.add(dir)) {
            LOG.log(System.Logger.Level.WARNING, "The Beep Python home {0} is writable by its group (mode {1}): every member of"
                    + " that group can change the interpreters and packages this application runs.", dir, String.format("%04o", mode & 07777));
        }
        try {
            if (!Files.isWritable(dir)) {
                // access(2) said no (a read-only mount, a missing permission); a write says why, in the OS's words.
                Files.delete(Files.createTempFile(dir, ".write-check", ".tmp"));
            }
            Files.createDirectories(HomeLayout.of(dir).locks());
        } catch (IOException e) {
            throw new UnsafeHomeException(dir.toString(), "The Beep Python home " + dir + " is not writable: " + describe(e)
                    + ". Give the application a writable home (a read-only file system cannot hold it).", e);
        }
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

    /** {@code st_mode} where the platform offers it ("unix" view), else null. */
    private static Integer mode(Path dir) {
        try {
            return (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String describe(IOException e) {
        String reason = e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
        return e.getClass().getSimpleName().replace("Exception", "") + (reason == null ? "" : " (" + reason + ")");
    }
}
