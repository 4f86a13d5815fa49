package io.beep.python.venv;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which processes use a venv now, so that none of them sees it change: a process that uses a venv holds a
 * <em>shared</em> lock on its use file ({@value #USE_FILE}) for as long as it does; whatever would re-create,
 * install into, re-point or delete the venv first checks that nobody else holds it ({@link #inUse(Path)}).
 * The operating system drops a lock when its process dies, {@code kill -9} included, so a dead user never blocks
 * anything, which pid files alone could not promise. Pid files in {@value #USERS_DIR} only <em>name</em> the
 * users in messages; dead ones are pruned.
 * <p>
 * A JVM holds one lock per venv whatever the number of its environments on it (a second lock of one file in one
 * JVM throws {@link java.nio.channels.OverlappingFileLockException}): uses are counted per path, and the lock
 * goes with the last one. Callers check and change a venv under the bootstrap's lock of that venv, which every
 * new user takes too, so a check stays true while they change it.
 */
public final class VenvUsers {

    /** The file whose shared lock marks a use; it is never read. */
    public static final String USE_FILE = ".beep-python-in-use";
    /** One empty file per user process, named by its pid: for messages only. */
    public static final String USERS_DIR = ".beep-python-users";

    private static final System.Logger LOG = System.getLogger(VenvUsers.class.getName());
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final Map<Path, Held> HELD = new HashMap<>();

    private VenvUsers() {
    }

    /** One process's lock of one venv and how many of its environments use it. */
    private static final class Held {
        private final FileChannel channel;
        private int count;

        private Held(FileChannel channel) {
            this.channel = channel;
        }
    }

    /** One use of a venv; {@link #close()} ends it (again is a no-op). */
    public static final class Use implements AutoCloseable {
        private final Path venv;
        private boolean closed;

        private Use(Path venv) {
            this.venv = venv;
        }

        public Path venv() {
            return venv;
        }

        @Override
        public void close() {
            synchronized (VenvUsers.class) {
                if (!closed) {
                    closed = true;
                    release(venv);
                }
            }
        }
    }

    /**
     * Starts a use of the venv at {@code venv} by this process, and makes now its last use (the ownership file's
     * modification time, which garbage collection reads).
     *
     * @throws VenvException when the use file cannot be written (a read-only venv)
     */
    public static synchronized Use use(Path venv) {
        Path root = key(venv);
        Held held = HELD.get(root);
        if (held == null) {
            try {
                FileChannel channel = open(root.resolve(USE_FILE));
                try {
                    // Blocks only while a collector or rebuild that took the venv's bootstrap lock first finishes.
                    channel.lock(0, Long.MAX_VALUE, true);
                } catch (IOException | RuntimeException e) {
                    channel.close();
                    throw e;
                }
                held = new Held(channel);
                HELD.put(root, held);
                writeUser(root);
            } catch (IOException e) {
                throw new VenvException(VenvException.Reason.CREATE_FAILED, root.toString(), "Cannot mark the virtual environment "
                        + root + " as in use (" + root.resolve(USE_FILE) + "): " + e.getMessage() + ". Check that the venv is writable.", e);
            }
        }
        held.count++;
        touch(root);
        return new Use(root);
    }

    /**
     * Whether any process uses {@code venv}, this one included (an environment that rebuilds its own venv ends its
     * use first). A live user holds the shared lock, so an exclusive try fails; a killed one holds nothing.
     */
    public static synchronized boolean inUse(Path venv) {
        Path root = key(venv);
        if (HELD.containsKey(root)) {
            return true;
        }
        Path file = root.resolve(USE_FILE);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (FileChannel channel = open(file); FileLock lock = channel.tryLock(0, Long.MAX_VALUE, false)) {
            return lock == null;
        } catch (IOException e) {
            // Cannot tell: treat it as used, so that nothing is changed under a user we could not see.
            return true;
        }
    }

    /** The pids of the live processes that use {@code venv}, this one included; files of dead ones are removed. */
    public static Set<Long> users(Path venv) {
        Set<Long> live = new TreeSet<>();
        Path dir = key(venv).resolve(USERS_DIR);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return live;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                long pid;
                try {
                    pid = Long.parseLong(entry.getFileName().toString());
                } catch (NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    live.add(pid);
                } else {
                    Files.deleteIfExists(entry);
                }
            }
        } catch (IOException e) {
            // Names for a message: what was read is enough.
        }
        return live;
    }

    /** When the venv was last used by a start: its ownership file's modification time; empty when it has none. */
    public static Optional<Instant> lastUsed(Path venv) {
        try {
            return Optional.of(Files.getLastModifiedTime(key(venv).resolve(VirtualEnvironments.OWNERSHIP_FILE), LinkOption.NOFOLLOW_LINKS)
                    .toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** "pid 123, 456" for a message; "an environment of this process" when only this process is known to use it. */
    public static String describeUsers(Path venv) {
        Set<Long> pids = users(venv);
        if (pids.isEmpty()) {
            return "another process";
        }
        pids.remove(ProcessHandle.current().pid());
        return pids.isEmpty() ? "another environment of this process (pid " + ProcessHandle.current().pid() + ")"
                : (pids.size() == 1 ? "pid " : "pids ") + String.join(", ", pids.stream().map(String::valueOf).toList());
    }

    private static void release(Path root) {
        Held held = HELD.get(root);
        if (held == null || --held.count > 0) {
            return;
        }
        HELD.remove(root);
        try {
            Files.deleteIfExists(root.resolve(USERS_DIR).resolve(Long.toString(ProcessHandle.current().pid())));
        } catch (IOException e) {
            // Pruned by the next reader: our pid is dead by then or uses it again.
        }
        try {
            held.channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing " + root.resolve(USE_FILE), e);
        }
    }

    private static void writeUser(Path root) {
        try {
            Path dir = Files.createDirectories(root.resolve(USERS_DIR));
            Path pid = dir.resolve(Long.toString(ProcessHandle.current().pid()));
            if (!Files.exists(pid)) {
                Files.createFile(pid);
            }
        } catch (IOException e) {
            // Only names users in messages; the lock is what counts.
        }
    }

    /** The last use, for garbage collection; a venv without the ownership file is not ours and never collected anyway. */
    private static void touch(Path root) {
        try {
            Path owner = root.resolve(VirtualEnvironments.OWNERSHIP_FILE);
            if (Files.isRegularFile(owner, LinkOption.NOFOLLOW_LINKS)) {
                Files.setLastModifiedTime(owner, FileTime.from(Instant.now()));
            }
        } catch (IOException e) {
            // A read-only venv: it is then also never collected by us (we could not delete it).
        }
    }

    /** Owner-only whatever the umask, as the home's lock files: another user must not be able to hold it. */
    private static FileChannel open(Path file) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return FileChannel.open(file, options, OWNER_ONLY);
        }
        return FileChannel.open(file, options);
    }

    private static Path key(Path venv) {
        return venv.toAbsolutePath().normalize();
    }
}
