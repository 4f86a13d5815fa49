package io.beep.python.venv;

import io.beep.python.fs.FileTrees;
import io.beep.python.fs.HomeLayout;
import io.beep.python.process.Cancellation;
import io.beep.python.process.InterProcessLock;
import io.beep.python.process.LockTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Removes the home's managed venvs nobody needs any more: one per set of inputs means old inputs leave venvs
 * behind. A venv is removed only when it is ours (the ownership file), no live process uses it
 * ({@link VenvUsers#inUse}), and no start used it for {@code after}. Runs under the home's collector lock, and
 * takes each venv's bootstrap lock before removing it, the lock under which a new user registers: a start never
 * finds half a venv. The venv is first renamed aside, then deleted, so that a deletion that stops half-way leaves
 * nothing at the venv's path; what it left is removed by the next collection.
 */
public final class VenvCollector {

    /** What happened, or would, to one venv. */
    public enum Action { REMOVED, WOULD_REMOVE, KEPT }

    /** One venv's fate and why, e.g. "in use by pid 42" or "last used 20 days ago". */
    public record Decision(Path venv, Action action, String reason) {
    }

    private static final String ASIDE = ".gc-";
    private static final Duration VENV_LOCK_WAIT = Duration.ofMillis(300);
    private static final Duration COLLECTOR_LOCK_WAIT = Duration.ofMinutes(1);

    private final Path home;

    public VenvCollector(Path home) {
        this.home = home;
    }

    /**
     * Looks at every venv under the home's {@code venvs/}; removes those unused for {@code after}, or only says so
     * when {@code dryRun}.
     *
     * @throws IllegalArgumentException when {@code after} is not positive
     * @throws LockTimeoutException     when another collection of this home holds its lock for over a minute
     */
    public List<Decision> collect(Duration after, boolean dryRun) {
        if (after.isZero() || after.isNegative()) {
            throw new IllegalArgumentException("The garbage collection age must be positive: " + after);
        }
        HomeLayout layout = HomeLayout.of(home);
        Path venvs = layout.venvs();
        List<Decision> decisions = new ArrayList<>();
        if (!Files.isDirectory(venvs, LinkOption.NOFOLLOW_LINKS)) {
            return decisions;
        }
        try (InterProcessLock ignored = InterProcessLock.acquire(layout.venvsGcLock(), Cancellation.none(), COLLECTOR_LOCK_WAIT)) {
            Instant now = Instant.now();
            for (Path venv : entries(venvs)) {
                String name = venv.getFileName().toString();
                if (name.startsWith(".")) {
                    if (name.contains(ASIDE) && !dryRun) {
                        // A collection that stopped half-way; nothing uses a renamed venv.
                        delete(venv);
                    }
                    continue;
                }
                decisions.add(decide(layout, venv, after, now, dryRun));
            }
        }
        return decisions;
    }

    private Decision decide(HomeLayout layout, Path venv, Duration after, Instant now, boolean dryRun) {
        if (!Files.isDirectory(venv, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(venv.resolve(VirtualEnvironments.OWNERSHIP_FILE),
                LinkOption.NOFOLLOW_LINKS)) {
            return new Decision(venv, Action.KEPT, "not made by Beep Python");
        }
        if (VenvUsers.inUse(venv)) {
            return new Decision(venv, Action.KEPT, "in use by " + VenvUsers.describeUsers(venv));
        }
        Optional<Instant> lastUsed = VenvUsers.lastUsed(venv);
        Duration idle = lastUsed.map(t -> Duration.between(t, now)).orElse(Duration.ZERO);
        if (idle.compareTo(after) < 0) {
            return new Decision(venv, Action.KEPT, "used recently (" + ago(idle) + ", kept for " + ago(after) + ")");
        }
        try (InterProcessLock ignored = InterProcessLock.acquire(layout.lockFor(HomeLayout.LockKind.ENV, venv), Cancellation.none(),
                VENV_LOCK_WAIT)) {
            // A start registers its use under this lock: checked again now that none can.
            if (VenvUsers.inUse(venv)) {
                return new Decision(venv, Action.KEPT, "in use by " + VenvUsers.describeUsers(venv));
            }
            if (dryRun) {
                return new Decision(venv, Action.WOULD_REMOVE, "unused for " + ago(idle));
            }
            Path aside = venv.resolveSibling("." + venv.getFileName() + ASIDE + ProcessHandle.current().pid());
            Files.move(venv, aside, StandardCopyOption.ATOMIC_MOVE);
            delete(aside);
            return new Decision(venv, Action.REMOVED, "unused for " + ago(idle));
        } catch (LockTimeoutException e) {
            return new Decision(venv, Action.KEPT, "being prepared by another process");
        } catch (IOException | UncheckedIOException e) {
            return new Decision(venv, Action.KEPT, "cannot remove it: " + e.getMessage());
        }
    }

    private static List<Path> entries(Path venvs) {
        try (Stream<Path> list = Files.list(venvs)) {
            return list.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + venvs + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path dir) {
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    /** "3 days", "5 hours", "12 minutes", "40 seconds": enough to say why. */
    static String ago(Duration d) {
        if (d.toDays() >= 1) {
            return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        }
        if (d.toHours() >= 1) {
            return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
        }
        if (d.toMinutes() >= 1) {
            return d.toMinutes() + (d.toMinutes() == 1 ? " minute" : " minutes");
        }
        return Math.max(0, d.toSeconds()) + " seconds";
    }
}
