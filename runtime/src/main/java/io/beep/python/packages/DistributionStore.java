package io.beep.python.packages;

import io.beep.python.fs.AtomicFiles;
import io.beep.python.fs.Digests;
import io.beep.python.fs.FileTrees;
import io.beep.python.fs.HomeLayout;
import io.beep.python.venv.VirtualEnvironments;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A content-addressed store of installed distributions under {@code ${home}/cache/store/}: after an
 * installer filled a fresh venv, each distribution it installed is kept once (hard links, read-only),
 * keyed by name, version and the wheel's SHA-256 from the installer's report (the hash of its RECORD
 * where the installer reports none), and the set is remembered under a digest of everything that
 * decided it: the interpreter's markers, the requirements, the installer, the package sources and
 * pip's configuration, and what the venv held before. A later install of the same set into a fresh
 * venv links those files into its site-packages and writes RECORD and the console scripts as pip
 * would, without starting an installer. Any change to the inputs is another key: the installer runs.
 * <p>
 * A store file whose size or modification time changed is checked against its RECORD hash; a
 * mismatch removes the entry, and the installer runs (and stores it anew).
 */
final class DistributionStore {

    private static final System.Logger LOG = System.getLogger(DistributionStore.class.getName());
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    /** What a fresh venv holds before any install: a set is only stored, and only linked, on top of these. */
    private static final Set<String> SEED = Set.of("pip", "setuptools", "wheel");

    private final Path sets;
    private final Path dists;
    private final boolean enabled;

    DistributionStore(Path home) {
        this(HomeLayout.of(home).cache(HomeLayout.Cache.STORE), true);
    }

    private DistributionStore(Path root, boolean enabled) {
        this.sets = root.resolve("sets");
        this.dists = root.resolve("dists");
        this.enabled = enabled;
    }

    /** A store that serves and keeps nothing. */
    static DistributionStore disabled() {
        return new DistributionStore(Path.of("unused"), false);
    }

    /**
     * The key of an install of plain requirements into a fresh venv; empty when the store cannot serve it
     * (a requirements file, hashes or no-deps, no venv, a venv that already holds more than its seed, Windows).
     */
    Optional<String> key(InstallRun.Job job, Map<String, String> markers, Map<String, InstalledDistribution> before) {
        if (!enabled || !POSIX || job.forSatisfaction() == null || job.noDependencies() || job.requireHashes()
                || !job.arguments().equals(job.requested()) || !SEED.containsAll(before.keySet())) {
            return Optional.empty();
        }
        Optional<Path> venv = PackageInstallers.venvRoot(job.python());
        if (venv.isEmpty()) {
            return Optional.empty();
        }
        List<String> inputs = new ArrayList<>();
        inputs.add("store-1");
        new TreeMap<>(markers).forEach((k, v) -> inputs.add("marker " + k + "=" + v));
        job.requested().stream().sorted().forEach(r -> inputs.add("requirement " + r));
        inputs.add("installer " + job.kind());
        inputs.add("sources " + job.sources());
        new TreeMap<>(PipConfiguration.load(System.getenv(), Path.of(System.getProperty("user.home")), venv).toUvEnvironment())
                .forEach((k, v) -> inputs.add("pip-config " + k + "=" + v));
        before.values().stream().map(d -> "before " + d.name() + "==" + d.version()).sorted().forEach(inputs::add);
        // Hashed: index URLs may carry credentials, and the key is a file name.
        return Optional.of(Digests.sha256Hex(String.join("\n", inputs)).substring(0, 32));
    }

    /**
     * Links the set stored under {@code key} into the venv of {@code python}; what it installed (name to version),
     * or empty when the set is unknown or an entry failed its check (the entry is then removed).
     */
    Optional<Map<String, String>> populate(String key, Path python, Path sitePackages) {
        Path setFile = sets.resolve(key + ".set");
        List<String> ids;
        try {
            ids = Files.readAllLines(setFile, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot read the store's set {0}: {1}; installing instead", setFile, e.getMessage());
            return Optional.empty();
        }
        List<StoredDistribution> entries = new ArrayList<>();
        for (String id : ids) {
            Optional<StoredDistribution> entry = StoredDistribution.read(dists.resolve(id));
            Optional<String> damage = entry.isEmpty() ? Optional.of("it is missing") : entry.get().scriptDamage();
            if (damage.isPresent()) {
                return damaged(dists.resolve(id), damage.get(), setFile);
            }
            entries.add(entry.get());
        }
        // One link per file; its source is also what the check stats.
        List<StoredFile> files = new ArrayList<>();
        for (StoredDistribution entry : entries) {
            for (StoredDistribution.FileEntry file : entry.files()) {
                files.add(new StoredFile(entry, file, entry.link(file, sitePackages)));
            }
        }
        // Every file is checked before the first link, on two threads: thousands of stats for a data-science set.
        Map<Path, String> damaged = new ConcurrentHashMap<>();
        try {
            FileTrees.splitInTwo(files, half -> {
                for (StoredFile each : half) {
                    each.entry().damage(each.file(), each.link().existing()).ifPresent(why -> damaged.putIfAbsent(each.entry().root(), why));
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(e); // the checks report damage as values, never as exceptions
        }
        if (!damaged.isEmpty()) {
            damaged.forEach((entry, why) -> damaged(entry, why, setFile));
            return Optional.empty();
        }
        List<Path> written = new ArrayList<>();
        Map<String, String> installed = new TreeMap<>();
        try {
            Path bin = python.toAbsolutePath().getParent();
            String shebang = VirtualEnvironments.scriptShebang(python.toAbsolutePath());
            List<FileTrees.Link> links = files.stream().map(StoredFile::link).toList();
            // Each directory once, not a createDirectories (a failing mkdir and an exception) per file; sorted, so that
            // parents come first and each is one mkdir. On two threads too (a race on a shared parent is fine):
            // hundreds of new directories are much of the time.
            Set<Path> directories = new TreeSet<>();
            for (FileTrees.Link link : links) {
                directories.add(link.link().getParent());
            }
            FileTrees.splitInTwo(new ArrayList<>(directories), half -> {
                for (Path directory : half) {
                    Files.createDirectories(directory);
                }
            });
            FileTrees.linkAll(links, written);
            for (StoredDistribution entry : entries) {
                entry.writeScriptsAndRecord(sitePackages, bin, shebang, written);
                installed.put(entry.name(), entry.version());
            }
            Path lock = sets.resolve(key + ".pylock.toml");
            PackageInstallers.lockFile(python).filter(target -> Files.isRegularFile(lock)).ifPresent(target -> copyQuietly(lock, target));
            return Optional.of(installed);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Linking from the store into {0} failed ({1}); installing instead", sitePackages, e.toString());
            for (int i = written.size() - 1; i >= 0; i--) {
                deleteQuietly(written.get(i));
            }
            return Optional.empty();
        }
    }

    /** A stored file to check and link. */
    private record StoredFile(StoredDistribution entry, StoredDistribution.FileEntry file, FileTrees.Link link) {
    }

    /** Removes the damaged {@code entry} and the set that names it: the installer runs, and stores them anew. */
    private static Optional<Map<String, String>> damaged(Path entry, String why, Path setFile) {
        LOG.log(Level.WARNING, "The store entry {0} is damaged ({1}); removing it and installing instead", entry.getFileName(), why);
        remove(entry);
        deleteQuietly(setFile);
        return Optional.empty();
    }

    /**
     * Keeps what an installer put into a fresh venv: {@code changed} names the distributions, {@code locked} the
     * installer's report (for the wheel hashes). Whether the set was stored; failure only costs the next venv its
     * shortcut: logged, never thrown.
     */
    boolean record(String key, Path python, Path sitePackages, Map<String, InstalledDistribution> after, Map<String, String> changed,
            Map<String, LockFile.Package> locked) {
        try {
            Path bin = python.toAbsolutePath().getParent();
            String shebang = VirtualEnvironments.scriptShebang(python.toAbsolutePath());
            List<String> ids = new ArrayList<>();
            for (String name : new LinkedHashSet<>(changed.keySet())) {
                InstalledDistribution dist = after.get(name);
                if (dist == null) {
                    return false;
                }
                Optional<String> id = StoredDistribution.store(dist, wheelHash(locked.get(name)), sitePackages, bin, shebang, dists);
                if (id.isEmpty()) {
                    LOG.log(Level.DEBUG, "Not storing the set {0}: {1} installs files outside site-packages", key, name);
                    return false;
                }
                ids.add(id.get());
            }
            Files.createDirectories(sets);
            AtomicFiles.write(sets.resolve(key + ".set"), String.join("\n", ids) + "\n");
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not keep the installed distributions in the store: {0}", e.toString());
            return false;
        }
    }

    /** Keeps the venv's finished lock file with the set stored under {@code key}, for the venvs linked from it. */
    void keepLock(String key, Path lockFile) {
        try {
            if (Files.isRegularFile(lockFile) && Files.isRegularFile(sets.resolve(key + ".set"))) {
                AtomicFiles.write(sets.resolve(key + ".pylock.toml"), Files.readAllBytes(lockFile));
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not keep the lock file {0} in the store: {1}", lockFile, e.getMessage());
        }
    }

    /** The wheel's SHA-256 from the installer's report, when it gave one. */
    private static Optional<String> wheelHash(LockFile.Package reported) {
        if (reported == null) {
            return Optional.empty();
        }
        return reported.artifacts().stream().map(a -> a.hashes().get("sha256")).filter(h -> h != null && !h.isBlank()).findFirst();
    }

    /** Renamed first, so that no reader sees a half-deleted entry under its real name. */
    static void remove(Path entry) {
        try {
            if (Files.isDirectory(entry)) {
                Path trash = entry.resolveSibling("." + entry.getFileName() + ".trash-" + UUID.randomUUID());
                Files.move(entry, trash, StandardCopyOption.ATOMIC_MOVE);
                makeWritable(trash);
                FileTrees.delete(trash);
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot remove the store entry {0}: {1}", entry, e.getMessage());
        }
    }

    private static void makeWritable(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
    }

    private static void copyQuietly(Path from, Path to) {
        try {
            AtomicFiles.write(to, Files.readAllBytes(from));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot copy the stored lock file to {0}: {1}", to, e.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // left behind: the venv's snapshot rollback or the next install handles it
        }
    }

    /** {@code sha256=<urlsafe base64, no padding>} as RECORD writes it. */
    static String recordHash(byte[] content) {
        return "sha256=" + Base64.getUrlEncoder().withoutPadding().encodeToString(Digests.sha256(content));
    }
}
