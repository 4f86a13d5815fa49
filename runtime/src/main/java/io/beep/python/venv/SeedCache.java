package io.beep.python.venv;

import io.beep.python.fs.FileTrees;
import io.beep.python.fs.HomeLayout;
import io.beep.python.fs.ScratchOwner;
import io.beep.python.process.Cancellation;
import io.beep.python.process.InterProcessLock;
import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Unpacks each bundled wheel once into {@code ${home}/cache/seed/<project>-<version>/}, compiles it
 * once per Python version (so a fresh venv's first {@code pip} call does not pay for byte-code),
 * and keeps a manifest per version. Cached files are made read-only because every venv
 * hard-links them (see {@link WheelUnpacker}). Work is done under a file lock
 * in {@code ${home}/locks/} so that concurrent processes unpack once and never see half a cache.
 */
final class SeedCache {

    private static final System.Logger LOG = System.getLogger(SeedCache.class.getName());
    /** The compile stage's name stem under {@code java.io.tmpdir}; {@link ScratchOwner} adds the JVM's tag. */
    static final String COMPILE_STAGE = "beep-python-seed-compile-";

    private final Path cacheRoot;
    private final HomeLayout layout;
    private final ProcessRunner runner;
    private final Map<String, SeedImage> loaded = new ConcurrentHashMap<>();
    private final boolean compileLater;
    /** Byte-compilations running in the background, by cache key: at most one per entry in this process. */
    private final Map<String, CompletableFuture<Void>> compiling = new ConcurrentHashMap<>();

    /**
     * @param compileLater whether a new entry is handed out before it is byte-compiled, which then happens
     *                     in the background (off a bootstrap's path to readiness); its venv compiles pip on first use
     */
    SeedCache(HomeLayout layout, ProcessRunner runner, boolean compileLater) {
        this.cacheRoot = layout.cache(HomeLayout.Cache.SEED);
        this.layout = layout;
        this.runner = runner;
        this.compileLater = compileLater;
    }

    /** The image of {@code wheel} for {@code base}'s Python version, made on first use. */
    SeedImage image(BundledWheels.Wheel wheel, BaseInterpreter base, Cancellation cancellation) throws IOException {
        String key = wheel.project() + "-" + wheel.version() + "." + cacheTag(base);
        SeedImage image = loaded.get(key);
        if (image != null) {
            return image;
        }
        Path manifest = cacheRoot.resolve(key + ".manifest");
        if (!Files.isRegularFile(manifest)) {
            if (compileLater) {
                Optional<SeedImage> uncompiled = unpackOnly(wheel, base, manifest, cancellation);
                if (uncompiled.isPresent()) {
                    // Not remembered: a later venv links the compiled entry once the manifest is there.
                    compiling.computeIfAbsent(key, k -> compileInBackground(k, wheel, base, uncompiled.get().root(), manifest));
                    return uncompiled.get();
                }
            } else {
                build(wheel, base, manifest, cancellation);
            }
        }
        image = SeedImage.readManifest(manifest);
        loaded.put(key, image);
        return image;
    }

    /**
     * Forgets the cache entry {@code image} came from (its unpacked files and every version's
     * manifest), so the next {@link #image} call unpacks it again: for a cache someone damaged.
     */
    synchronized void invalidate(SeedImage image) throws IOException {
        Path root = image.root();
        String entry = root.getFileName().toString();
        try (InterProcessLock ignored = InterProcessLock.acquire(layout.lockFor(HomeLayout.LockKind.SEED, entry))) {
            loaded.values().removeIf(cached -> cached.root().equals(root));
            try (Stream<Path> list = Files.list(cacheRoot)) {
                for (Path manifest : list.filter(p -> p.getFileName().toString().startsWith(entry + ".")
                        && p.getFileName().toString().endsWith(".manifest")).toList()) {
                    Files.deleteIfExists(manifest);
                }
            }
            if (Files.isDirectory(root)) {
                // Renamed first so that no reader sees a half-deleted entry under the real name.
                Path trash = root.resolveSibling("." + entry + ".trash-" + UUID.randomUUID());
                Files.move(root, trash, StandardCopyOption.ATOMIC_MOVE);
                FileTrees.delete(trash);
            }
        }
    }

    /** {@code sys.implementation.cache_tag}, e.g. {@code cpython-313}: the infix of its {@code .pyc} names. */
    static String cacheTag(BaseInterpreter base) {
        return "cpython-" + base.minorVersion().replace(".", "");
    }

    private synchronized void build(BundledWheels.Wheel wheel, BaseInterpreter base, Path manifest, Cancellation cancellation)
            throws IOException {
        Path lockFile = layout.lockFor(HomeLayout.LockKind.SEED, wheel.project() + "-" + wheel.version());
        try (InterProcessLock ignored = InterProcessLock.acquire(lockFile, cancellation)) {
            if (Files.isRegularFile(manifest)) {
                return; // another process made it while we waited
            }
            Path root = cacheRoot.resolve(wheel.project() + "-" + wheel.version());
            if (!Files.isDirectory(root)) {
                WheelUnpacker.unpack(wheel, root);
            }
            compile(base, root, cancellation);
            cancellation.throwIfCancelled(); // no manifest for a half-compiled entry
            scan(wheel, base, root).writeManifest(manifest);
        }
    }

    /**
     * Waits (at most {@code timeout} in all) for the background byte-compilations, so that a caller about to
     * delete the home or exit leaves none half-done.
     */
    void awaitBackgroundWork(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (CompletableFuture<Void> running : List.copyOf(compiling.values())) {
            try {
                running.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                // Logged by the task; a late compile only costs the next venv its .pyc links.
            }
        }
    }

    /** The unpacked, uncompiled entry; empty when its compiled manifest appeared while we waited for the lock. */
    private synchronized Optional<SeedImage> unpackOnly(BundledWheels.Wheel wheel, BaseInterpreter base, Path manifest,
            Cancellation cancellation) throws IOException {
        Path lockFile = layout.lockFor(HomeLayout.LockKind.SEED, wheel.project() + "-" + wheel.version());
        try (InterProcessLock ignored = InterProcessLock.acquire(lockFile, cancellation)) {
            if (Files.isRegularFile(manifest)) {
                return Optional.empty();
            }
            Path root = cacheRoot.resolve(wheel.project() + "-" + wheel.version());
            if (!Files.isDirectory(root)) {
                WheelUnpacker.unpack(wheel, root);
            }
            return Optional.of(scan(wheel, base, root));
        }
    }

    private CompletableFuture<Void> compileInBackground(String key, BundledWheels.Wheel wheel, BaseInterpreter base, Path root,
            Path manifest) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                compileStaged(wheel, base, root, manifest);
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Byte-compiling the seed cache {0} failed; venvs will compile pip on first use: {1}",
                        root, e.getMessage());
                done.completeExceptionally(e);
            } finally {
                compiling.remove(key, done);
            }
        }, "beep-python-seed-compile");
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    /**
     * Compiles a copy of the entry's sources outside the home, then moves the {@code .pyc} files in and writes
     * the manifest under the entry's lock: the home is written only for those few milliseconds, so a home
     * deleted meanwhile (a test's temp directory, an uninstall) does not race a compiler writing into it.
     */
    private void compileStaged(BundledWheels.Wheel wheel, BaseInterpreter base, Path root, Path manifest) throws IOException {
        // Tagged with this JVM, so that the stage of a JVM that exits mid-compile (the thread is a daemon) is removed
        // by the next compile of any JVM instead of staying in the system's temp directory for good.
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        ScratchOwner.removeAbandoned(temp, COMPILE_STAGE, "");
        Path stage = Files.createTempDirectory(COMPILE_STAGE + ScratchOwner.tag() + "-");
        try {
            List<Path> sources;
            try (Stream<Path> walk = Files.walk(root)) {
                sources = walk.filter(p -> p.getFileName().toString().endsWith(".py") && Files.isRegularFile(p)).toList();
            }
            for (Path source : sources) {
                Path copy = stage.resolve(root.relativize(source).toString());
                Files.createDirectories(copy.getParent());
                // The .pyc records its source's modification time and size: the copy keeps both.
                Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
            }
            var result = runner.run(ProcessSpec.of(base.executable().toString(), "-I", "-m", "compileall", "-q", "-d", root.toString(),
                    stage.toString()).withTimeout(Duration.ofMinutes(5)));
            if (!result.ok()) {
                throw new IOException("compileall exited with " + result.exitCode() + ": " + result.stderr().strip());
            }
            Path lockFile = layout.lockFor(HomeLayout.LockKind.SEED, wheel.project() + "-" + wheel.version());
            synchronized (this) {
                try (InterProcessLock ignored = InterProcessLock.acquire(lockFile)) {
                    if (Files.isRegularFile(manifest) || !Files.isDirectory(root)) {
                        return; // another process compiled it, or the cache is gone
                    }
                    List<Path> compiled;
                    try (Stream<Path> walk = Files.walk(stage)) {
                        compiled = walk.filter(p -> p.getFileName().toString().endsWith(".pyc")).toList();
                    }
                    for (Path pyc : compiled) {
                        Path target = root.resolve(stage.relativize(pyc).toString());
                        Files.createDirectories(target.getParent());
                        Files.move(pyc, target, StandardCopyOption.REPLACE_EXISTING);
                        WheelUnpacker.makeReadOnly(target);
                    }
                    scan(wheel, base, root).writeManifest(manifest);
                }
            }
        } finally {
            FileTrees.delete(stage);
        }
    }

    /** Byte-compiles the cache entry with {@code base}, as pip does on install; failure only costs speed. */
    private void compile(BaseInterpreter base, Path root, Cancellation cancellation) {
        try {
            var result = runner.run(ProcessSpec.of(base.executable().toString(), "-I", "-m", "compileall", "-q", root.toString())
                    .withTimeout(Duration.ofMinutes(2)), cancellation);
            if (!result.ok()) {
                LOG.log(System.Logger.Level.WARNING, "Byte-compiling the seed cache {0} failed; venvs will compile on first use: {1}",
                        root, result.stderr().strip());
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Byte-compiling the seed cache {0} failed; venvs will compile on first use: {1}",
                    root, e.getMessage());
        }
    }

    private static SeedImage scan(BundledWheels.Wheel wheel, BaseInterpreter base, Path root) throws IOException {
        String distInfo = wheel.distInfo();
        String recordName = distInfo + "/RECORD";
        String pycSuffix = "." + cacheTag(base) + ".pyc";
        List<String> directories = new ArrayList<>();
        List<String> files = new ArrayList<>();
        List<String> pycs = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.toList()) {
                String relative = root.relativize(path).toString().replace('\\', '/');
                if (relative.isEmpty()) {
                    continue;
                }
                if (Files.isDirectory(path)) {
                    directories.add(relative);
                } else if (relative.endsWith(".pyc")) {
                    if (relative.endsWith(pycSuffix)) {
                        files.add(relative);
                        pycs.add(relative + ",,");
                    }
                } else if (!relative.equals(recordName)) {
                    files.add(relative);
                }
            }
        }
        List<String> record = new ArrayList<>();
        for (String line : Files.readAllLines(root.resolve(recordName), StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith(recordName + ",")) {
                record.add(line);
            }
        }
        record.add(RecordLines.line(distInfo + "/INSTALLER", "pip\n".getBytes(StandardCharsets.UTF_8)));
        record.add(RecordLines.line(distInfo + "/REQUESTED", new byte[0]));
        record.addAll(pycs);
        return new SeedImage(root, distInfo, directories, files, record, ConsoleScripts.of(root.resolve(distInfo), base));
    }
}
