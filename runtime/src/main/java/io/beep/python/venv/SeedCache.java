package io.beep.python.venv;

import io.beep.python.process.ProcessRunner;
import io.beep.python.process.ProcessSpec;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Unpacks each bundled wheel once into {@code ${home}/cache/seed/<project>-<version>/}, compiles it
 * once per Python version (so a fresh venv's first {@code pip} call does not pay for byte-code),
 * and keeps a manifest per version. Cached files are made read-only because every venv
 * hard-links them: an edit in one venv must not reach the others. Work is done under a file lock
 * in {@code ${home}/locks/} so that concurrent processes unpack once and never see half a cache.
 */
final class SeedCache {

    private static final System.Logger LOG = System.getLogger(SeedCache.class.getName());
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path cacheRoot;
    private final Path locks;
    private final ProcessRunner runner;
    private final Map<String, SeedImage> loaded = new ConcurrentHashMap<>();

    SeedCache(Path cacheRoot, Path locks, ProcessRunner runner) {
        this.cacheRoot = cacheRoot;
        this.locks = locks;
        this.runner = runner;
    }

    /** The image of {@code wheel} for {@code base}'s Python version, made on first use. */
    SeedImage image(BundledWheels.Wheel wheel, BaseInterpreter base) throws IOException {
        String key = wheel.project() + "-" + wheel.version() + "." + cacheTag(base);
        SeedImage image = loaded.get(key);
        if (image != null) {
            return image;
        }
        Path manifest = cacheRoot.resolve(key + ".manifest");
        if (!Files.isRegularFile(manifest)) {
            build(wheel, base, manifest);
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
        Files.createDirectories(locks);
        try (FileChannel channel = FileChannel.open(locks.resolve("seed-" + entry + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
                FileLock ignored = lockAcrossProcesses(channel)) {
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
                TreeDeletion.delete(trash);
            }
        }
    }

    /** {@code sys.implementation.cache_tag}, e.g. {@code cpython-313}: the infix of its {@code .pyc} names. */
    static String cacheTag(BaseInterpreter base) {
        return "cpython-" + base.minorVersion().replace(".", "");
    }

    private synchronized void build(BundledWheels.Wheel wheel, BaseInterpreter base, Path manifest) throws IOException {
        Files.createDirectories(locks);
        Path lockFile = locks.resolve("seed-" + wheel.project() + "-" + wheel.version() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = lockAcrossProcesses(channel)) {
            if (Files.isRegularFile(manifest)) {
                return; // another process made it while we waited
            }
            Path root = cacheRoot.resolve(wheel.project() + "-" + wheel.version());
            if (!Files.isDirectory(root)) {
                unpack(wheel, root);
            }
            compile(base, root);
            scan(wheel, base, root).writeManifest(manifest);
        }
    }

    private static FileLock lockAcrossProcesses(FileChannel channel) throws IOException {
        while (true) {
            try {
                return channel.lock();
            } catch (OverlappingFileLockException e) {
                // Another VirtualEnvironments in this JVM holds it: wait for it like another process would.
                try {
                    Thread.sleep(20);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("Interrupted while waiting for the seed cache lock", interrupted);
                }
            }
        }
    }

    /** Unpacks into a temporary directory beside {@code root}, then renames it: the cache entry is whole or absent. */
    private static void unpack(BundledWheels.Wheel wheel, Path root) throws IOException {
        Files.createDirectories(root.getParent());
        Path temp = root.resolveSibling("." + root.getFileName() + ".tmp-" + UUID.randomUUID());
        Files.createDirectory(temp);
        try {
            try (ZipFile zip = ZipFile.builder().setPath(wheel.file()).get()) {
                for (ZipArchiveEntry entry : java.util.Collections.list(zip.getEntries())) {
                    Path target = safeTarget(temp, entry.getName(), wheel.file());
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                        continue;
                    }
                    if (entry.isUnixSymlink()) {
                        throw new IOException("Wheel " + wheel.file() + " holds a symbolic link '" + entry.getName() + "'; refusing it");
                    }
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
            Path distInfo = temp.resolve(wheel.distInfo());
            // What pip adds when it installs a wheel on ensurepip's behalf.
            Files.writeString(distInfo.resolve("INSTALLER"), "pip\n", StandardCharsets.UTF_8);
            Files.writeString(distInfo.resolve("REQUESTED"), "", StandardCharsets.UTF_8);
            makeReadOnly(temp);
            Files.move(temp, root, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (Files.exists(temp)) {
                TreeDeletion.delete(temp);
            }
        }
    }

    private static Path safeTarget(Path root, String name, Path wheel) throws IOException {
        Path target = root.resolve(name).normalize();
        if (name.startsWith("/") || name.contains("\\") || !target.startsWith(root) || target.equals(root)) {
            throw new IOException("Wheel " + wheel + " holds an entry outside its root: '" + name + "'");
        }
        return target;
    }

    private static void makeReadOnly(Path root) throws IOException {
        if (!POSIX) {
            return; // Windows cannot delete read-only files through a link; there venvs copy anyway
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
            }
        }
    }

    /** Byte-compiles the cache entry with {@code base}, as pip does on install; failure only costs speed. */
    private void compile(BaseInterpreter base, Path root) {
        try {
            var result = runner.run(ProcessSpec.of(base.executable().toString(), "-I", "-m", "compileall", "-q", root.toString())
                    .withTimeout(Duration.ofMinutes(2)));
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
        return new SeedImage(root, distInfo, directories, files, record, consoleScripts(root.resolve(distInfo), base));
    }

    /**
     * The console scripts pip would write, named as pip names them: {@code pip}, {@code pip3},
     * {@code pip3.X} (and {@code easy_install}, {@code easy_install-3.X}), whatever the wheel says.
     */
    static List<String> consoleScripts(Path distInfo, BaseInterpreter base) throws IOException {
        Path entryPoints = distInfo.resolve("entry_points.txt");
        Map<String, String> console = new LinkedHashMap<>();
        if (Files.isRegularFile(entryPoints)) {
            boolean inSection = false;
            for (String raw : Files.readAllLines(entryPoints, StandardCharsets.UTF_8)) {
                String line = raw.strip();
                if (line.startsWith("[")) {
                    inSection = line.equals("[console_scripts]");
                } else if (inSection && line.contains("=")) {
                    console.put(line.substring(0, line.indexOf('=')).strip(), line.substring(line.indexOf('=') + 1).strip());
                }
            }
        }
        String major = base.minorVersion().substring(0, base.minorVersion().indexOf('.'));
        List<String> scripts = new ArrayList<>();
        String pip = console.remove("pip");
        if (pip != null) {
            scripts.add("pip=" + pip);
            scripts.add("pip" + major + "=" + pip);
            scripts.add("pip" + base.minorVersion() + "=" + pip);
            console.keySet().removeIf(k -> k.matches("pip(\\d+(\\.\\d+)?)?"));
        }
        String easyInstall = console.remove("easy_install");
        if (easyInstall != null) {
            scripts.add("easy_install=" + easyInstall);
            scripts.add("easy_install-" + base.minorVersion() + "=" + easyInstall);
            console.keySet().removeIf(k -> k.matches("easy_install(-\\d+\\.\\d+)?"));
        }
        console.forEach((name, target) -> scripts.add(name + "=" + target));
        scripts.replaceAll(s -> s.replaceAll("\\s+", ""));
        return List.copyOf(scripts);
    }
}
