package io.beep.python.process;

import io.beep.python.fs.HomeDirectory;
import io.beep.python.fs.HomeLayout;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A lock held by one thread of one process on this machine at a time: a file lock for other
 * processes, and a per-file semaphore for the threads of this JVM (a file lock alone throws
 * {@code OverlappingFileLockException} at a second thread instead of making it wait). Waiting
 * polls, so that a cancelled bootstrap stops waiting at once.
 * <p>
 * Waits are bounded and say why: the holder writes its pid beside the lock file
 * ({@code NAME.lock.owner}), a waiter logs once at INFO which lock it waits for and who holds it,
 * and gives up after its limit ({@link #DEFAULT_WAIT_LIMIT} unless the caller gives another) with a
 * {@link LockTimeoutException} naming the lock, the holder and the limit.
 */
public final class InterProcessLock implements AutoCloseable {

    /** How long a wait lasts by default before it gives up: longer than any one step we lock around should take. */
    public static final Duration DEFAULT_WAIT_LIMIT = Duration.ofMinutes(10);

    private static final System.Logger LOG = System.getLogger(InterProcessLock.class.getName());

    /**
     * One permit per lock file for the whole JVM: shared on purpose, like the JVM's own table of
     * file locks, so that separate instances of our components coordinate too.
     */
    private static final ConcurrentHashMap<Path, Holder> HOLDERS = new ConcurrentHashMap<>();

    private static final long POLL_MILLIS = 50;

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    /** The JVM-wide permit of one lock file, and which thread has it (for the wait message). */
    private static final class Holder {
        final Semaphore permit = new Semaphore(1);
        volatile String thread;
    }

    private final Holder holder;
    private final FileChannel channel;
    private final FileLock lock;
    private final Path owner;

    private InterProcessLock(Holder holder, FileChannel channel, FileLock lock, Path owner) {
        this.holder = holder;
        this.channel = channel;
        this.lock = lock;
        this.owner = owner;
    }

    /** Waits up to {@link #DEFAULT_WAIT_LIMIT} for the lock on {@code file} (created with its directories when absent). */
    public static InterProcessLock acquire(Path file, Cancellation cancellation) {
        return acquire(file, cancellation, DEFAULT_WAIT_LIMIT);
    }

    /** Waits up to {@link #DEFAULT_WAIT_LIMIT}, without a cancellation signal. */
    public static InterProcessLock acquire(Path file) {
        return acquire(file, Cancellation.none(), DEFAULT_WAIT_LIMIT);
    }

    /**
     * Waits for the lock on {@code file} (created with its directories when absent), at most {@code waitLimit}.
     *
     * @throws LockTimeoutException naming the lock and its holder when the limit passes first
     * @throws CancelledException   when {@code cancellation} fires (or the thread is interrupted) while waiting
     * @throws LockFailedException  when the file cannot be created or locked
     */
    public static InterProcessLock acquire(Path file, Cancellation cancellation, Duration waitLimit) {
        Path key = file.toAbsolutePath().normalize();
        Holder holder = HOLDERS.computeIfAbsent(key, k -> new Holder());
        Wait wait = new Wait(key, cancellation, waitLimit);
        try {
            while (!holder.permit.tryAcquire(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                wait.check(() -> inThisProcess(holder));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Cancellation.interrupted(wait.what(inThisProcess(holder)));
        }
        holder.thread = Thread.currentThread().getName();
        Path owner = ownerFile(key);
        FileChannel channel = null;
        try {
            Optional<Path> home = HomeLayout.homeOfLock(key);
            if (home.isPresent()) {
                HomeDirectory.createIfAbsent(home.get());
            }
            Files.createDirectories(key.getParent());
            channel = open(key);
            FileLock lock;
            while ((lock = channel.tryLock()) == null) {
                wait.check(() -> inAnotherProcess(owner));
                Thread.sleep(POLL_MILLIS);
            }
            writeOwner(owner);
            return new InterProcessLock(holder, channel, lock, owner);
        } catch (IOException e) {
            release(holder, channel);
            throw new LockFailedException(key, e);
        } catch (InterruptedException e) {
            release(holder, channel);
            Thread.currentThread().interrupt();
            throw Cancellation.interrupted(wait.what(inAnotherProcess(owner)));
        } catch (RuntimeException e) {
            release(holder, channel);
            throw e;
        }
    }

    /** The lock {@code name} among the home's lock files ({@code ${home}/locks/NAME.lock}), waiting up to {@link #DEFAULT_WAIT_LIMIT}. */
    public static InterProcessLock inHome(Path home, String name, Cancellation cancellation) {
        return inHome(home, name, cancellation, DEFAULT_WAIT_LIMIT);
    }

    /** The lock {@code name} among the home's lock files, waiting up to {@code waitLimit}. */
    public static InterProcessLock inHome(Path home, String name, Cancellation cancellation, Duration waitLimit) {
        return acquire(HomeLayout.of(home).lock(name), cancellation, waitLimit);
    }

    @Override
    public void close() {
        try {
            // Before the lock goes: a pid beside the lock file always names its current holder or none.
            Files.deleteIfExists(owner);
        } catch (IOException e) {
            // A stale pid only misleads a waiter's message; the next holder overwrites it.
        }
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases it in any case.
        }
        release(holder, channel);
    }

    private static void release(Holder holder, FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // Nothing is left to release once the channel is gone.
        } finally {
            holder.thread = null;
            holder.permit.release();
        }
    }

    /**
     * What a look at one lock file found: {@code HELD} by a live process (the pid and since when, if it wrote
     * them), {@code FREE}, or {@code STALE}: free, but a pid file beside it names a process that is gone (it
     * died holding the lock; the lock itself was released by the system, only the note is left).
     */
    public record Status(String name, Path file, State state, long holderPid, String holder, Optional<Instant> since) {
        public enum State { FREE, HELD, STALE }
    }

    /**
     * The state of every lock file in {@code ${home}/locks/}, by name, without waiting for any: each is
     * tried once and released at once. For diagnostics ({@code beep-python doctor}); empty when there are none.
     */
    public static List<Status> inspect(Path home) {
        Path dir = HomeLayout.of(home).locks();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(HomeLayout.LOCK_SUFFIX)).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
        List<Status> statuses = new ArrayList<>();
        for (Path file : files) {
            String fileName = file.getFileName().toString();
            statuses.add(inspect(fileName.substring(0, fileName.length() - HomeLayout.LOCK_SUFFIX.length()), file.toAbsolutePath().normalize()));
        }
        return statuses;
    }

    private static Status inspect(String name, Path file) {
        Path owner = ownerFile(file);
        Optional<Instant> since = modified(owner);
        Holder local = HOLDERS.get(file);
        if (local != null && local.thread != null) {
            HolderInfo info = inThisProcess(local);
            return new Status(name, file, Status.State.HELD, info.pid(), info.text(), since);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                HolderInfo info = inAnotherProcess(owner);
                return new Status(name, file, Status.State.HELD, info.pid(), info.text(), since);
            }
            lock.release();
        } catch (IOException | OverlappingFileLockException e) {
            HolderInfo info = inAnotherProcess(owner);
            return new Status(name, file, Status.State.HELD, info.pid(), info.text(), since);
        }
        if (Files.exists(owner)) {
            HolderInfo info = inAnotherProcess(owner);
            if (info.pid() > 0 && ProcessHandle.of(info.pid()).map(ProcessHandle::isAlive).orElse(false)) {
                // It is between taking the lock and writing its pid, or releasing it: not stale.
                return new Status(name, file, Status.State.FREE, info.pid(), info.text(), since);
            }
            return new Status(name, file, Status.State.STALE, info.pid(), info.text(), since);
        }
        return new Status(name, file, Status.State.FREE, -1, "nobody", Optional.empty());
    }

    private static Optional<Instant> modified(Path file) {
        try {
            return Optional.of(Files.getLastModifiedTime(file).toInstant());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Opens the lock file, creating it readable and writable by its owner only (whatever the umask; a umask of 0, as
     * in many containers, would otherwise give every user 0666, and with it the power to hold our locks).
     */
    private static FileChannel open(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), OWNER_ONLY);
        }
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    /** Beside the lock file, not in it: on Windows a locked region cannot be read by the waiters. */
    static Path ownerFile(Path lockFile) {
        return lockFile.resolveSibling(lockFile.getFileName() + ".owner");
    }

    /** Our pid, renamed into place so that a waiter reads a whole number or none; advisory, so a failure is ignored. */
    private static void writeOwner(Path owner) {
        Path temp = owner.resolveSibling(owner.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.writeString(temp, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(temp, owner, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, owner, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // Only a stray temp file is left.
            }
        }
    }

    private static HolderInfo inThisProcess(Holder holder) {
        String thread = holder.thread;
        long pid = ProcessHandle.current().pid();
        return new HolderInfo(pid, (thread == null ? "another thread" : "thread '" + thread + "'") + " of this process (pid " + pid + ")");
    }

    private static HolderInfo inAnotherProcess(Path owner) {
        long pid;
        try {
            pid = Long.parseLong(Files.readString(owner, StandardCharsets.US_ASCII).strip());
        } catch (IOException | NumberFormatException e) {
            return new HolderInfo(-1, "another process (it wrote no pid to '" + owner + "')");
        }
        String command = ProcessHandle.of(pid).flatMap(p -> p.info().command()).map(c -> " (" + c + ")").orElse("");
        return new HolderInfo(pid, "process " + pid + command);
    }

    /** Who holds a lock, as far as a waiter can tell: a pid (or -1) and a phrase for messages. */
    private record HolderInfo(long pid, String text) {
    }

    /** One acquisition's wait: logs once, stops on cancellation, gives up at the limit. */
    private static final class Wait {
        private final Path lockFile;
        private final Cancellation cancellation;
        private final Duration limit;
        private final long begin = System.nanoTime();
        private boolean logged;

        Wait(Path lockFile, Cancellation cancellation, Duration limit) {
            this.lockFile = lockFile;
            this.cancellation = cancellation;
            this.limit = limit;
        }

        void check(Supplier<HolderInfo> holder) {
            if (!logged) {
                logged = true;
                HolderInfo who = holder.get();
                LOG.log(System.Logger.Level.INFO, "Waiting for the lock '" + lockFile + "', held by " + who.text()
                        + "; giving up after " + Durations.human(limit));
            }
            if (cancellation.isCancelled()) {
                cancellation.throwIfCancelled(what(holder.get()));
            }
            if (System.nanoTime() - begin >= limit.toNanos()) {
                HolderInfo who = holder.get();
                throw new LockTimeoutException(lockFile, who.text(), who.pid(), limit);
            }
        }

        String what(HolderInfo holder) {
            return "waiting for the lock '" + lockFile + "' held by " + holder.text();
        }
    }
}
