package io.beep.python.packages.lock;

import io.beep.python.packages.PackagesException;
import io.beep.python.packages.pep508.Pep508Parser;
import io.beep.python.packages.pep508.Version;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Records what an install left in the venv's {@code pylock.toml} (PEP 751). When the installer
 * reported sources and hashes (pip's report) the lock is written at once; otherwise (uv) hashes are
 * gathered and the lock written in the background, off the install's critical path, on at most one
 * thread, which ends when idle. The next install into the same environment waits for it, for a
 * bounded time.
 */
public final class LockRecorder {

    private static final System.Logger LOG = System.getLogger(LockRecorder.class.getName());

    /** Pending background writes by environment prefix; an entry leaves the map when its write ends. */
    private final Map<Path, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor background = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
        Thread thread = new Thread(r, "beep-python-lock-writer");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Merges {@code reported} into {@code lock} now when it covers every changed distribution;
     * otherwise asks {@code lateEntries} for the distributions the report missed, in the background.
     * {@code installed} reads what the venv holds (normalized name to version) when the lock is written.
     *
     * @return a problem to report as a warning, if writing now failed
     */
    public Optional<String> record(Path prefix, Path lock, Supplier<Map<String, String>> installed, Map<String, LockFile.Package> reported,
            Map<String, String> changed, Function<Map<String, String>, Map<String, LockFile.Package>> lateEntries) {
        Map<String, String> missing = new TreeMap<>(changed);
        missing.keySet().removeAll(reported.keySet());
        if (missing.isEmpty()) {
            return merge(lock, installed.get(), reported);
        }
        CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
            Map<String, LockFile.Package> entries = new LinkedHashMap<>(reported);
            entries.putAll(lateEntries.apply(missing));
            merge(lock, installed.get(), entries).ifPresent(problem -> LOG.log(Level.WARNING, problem));
        }, background);
        pending.put(prefix, write);
        write.whenComplete((ignored, failure) -> pending.remove(prefix, write));
        return Optional.empty();
    }

    /** Waits up to {@code limit} for a background write into {@code prefix}; says so when it gives up. */
    public void await(Path prefix, Duration limit) {
        CompletableFuture<Void> write = pending.get(prefix);
        if (write == null) {
            return;
        }
        try {
            write.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "The lock file of " + prefix + " was not written: " + e.getCause());
        } catch (TimeoutException e) {
            LOG.log(Level.WARNING, "The lock file of " + prefix + " is still being written after " + limit.toSeconds()
                    + " s; going on without waiting for it");
        }
    }

    /** Waits up to {@code limit} in all for every background write still running, in any environment. */
    public void awaitAll(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        for (Path prefix : pending.keySet()) {
            await(prefix, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
    }

    /**
     * Merges {@code fresh} entries into the lock, keeping only what is {@code installed} now (normalized name to
     * version) at the version installed now.
     */
    public static Optional<String> merge(Path lock, Map<String, String> installed, Map<String, LockFile.Package> fresh) {
        Map<String, LockFile.Package> packages = new LinkedHashMap<>();
        if (Files.isRegularFile(lock)) {
            try {
                LockFile.read(lock).forEach(p -> packages.put(Pep508Parser.normalizeName(p.name()), p));
            } catch (PackagesException e) {
                LOG.log(Level.WARNING, "Replacing unreadable lock file " + lock + ": " + e.getMessage());
            }
        }
        packages.putAll(fresh);
        packages.entrySet().removeIf(e -> {
            String version = installed.get(e.getKey());
            return version == null || e.getValue().version() == null || !Version.tryParse(version).equals(Version.tryParse(e.getValue().version()));
        });
        try {
            LockFile.write(lock, packages.values(), null);
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("Could not write the lock file " + lock + ": " + e.getMessage());
        }
    }
}
