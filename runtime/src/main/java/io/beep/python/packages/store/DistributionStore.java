package io.beep.python.packages.store;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A content-addressed store of installed distributions under {@code ${home}/cache/store/}: after an
 * installer filled a fresh venv, each distribution it installed is kept once (hard links, read-only),
 * keyed by name, version and the wheel's SHA-256 from the installer's report (the hash of its RECORD
 * where the installer reports none), and the set is remembered under a digest of everything that
 * decided it (as the caller lists it): the interpreter's markers, the requirements, the installer, the package sources and
 * pip's configuration, and what the venv held before. A later install of the same set into a fresh
 * venv links those files into its site-packages and writes RECORD and the console scripts as pip
 * would, without starting an installer. Any change to the inputs is another key: the installer runs.
 * <p>
 * A store file whose size or modification time changed is checked against its RECORD hash; a
 * mismatch removes the entry, and the installer runs (and stores it anew).
 */
public final class DistributionStore {

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
    public static DistributionStore disabled() {
        return new DistributionStore(Path.of("unused"), false);
    }

    /** A store under the home's {@code cache/store/}. */
    public static DistributionStore under(Path home) {
        return new DistributionStore(home);
    }

    /**
     * Whether a set installed on top of a venv holding {@code before} (normalized names) can be kept and served:
     * only on a fresh venv, on a POSIX file system, when the store is enabled.
     */
    public boolean serves(Set<String> before) {
        return enabled && POSIX && SEED.containsAll(before);
    }

    /** The key of the set that {@code inputs} (everything that decided it, one per line) installs. */
    public String key(List<String> inputs) {
        List<String> lines = new ArrayList<>();
        lines.add("store-1");
        lines.addAll(inputs);
        // Hashed: index URLs may carry credentials, and the key is a file name.
        return Digests.sha256Hex(String.join("\n", lines)).substring(0, 32);
    }

    /**
     * Links the set stored under {@code key} into the venv of {@code python}, and its lock file to {@code lockFile};
     * what it installed (name to version), or empty when the set is unknown or an entry failed its check (the entry
     * is then removed).
     */
    public Optional<Map<String, String>> populate(String key, Path python, Path sitePackages, Optional<Path> lockFile) {
        Path setFile = sets.resolve(key + ".set");
        Optional<List<StoredDistribution>> entries = readSet(setFile);
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        // One link per file; its source is also what the check stats.
        List<StoredFile> files = new ArrayList<>();
        for (StoredDistribution entry : entries.get()) {
            for (StoredDistribution.FileEntry file : entry.files()) {
                files.add(new StoredFile(entry, file, entry.link(file, sitePackages)));
            }
        }
        if (!intact(files, setFile)) {
            return Optional.empty();
        }
        return link(entries.get(), files, python, sitePackages).map(installed -> {
            Path lock = sets.resolve(key + ".pylock.toml");
            lockFile.filter(target -> Files.isRegularFile(lock)).ifPresent(target -> copyQuietly(lock, target));
            return installed;
        });
    }

    /** The entries the set file names; empty when it is unknown, unreadable, or names a damaged entry (then removed). */
    private Optional<List<StoredDistribution>> readSet(Path setFile) {
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
                damaged(dists.resolve(id), damage.get(), setFile);
                return Optional.empty();
            }
            entries.add(entry.get());
        }
        return Optional.of(entries);
    }

    /** Checks every file before the first link; a damaged entry is removed with the set file. */
    private static boolean intact(List<StoredFile> files, Path setFile) {
        // On two threads: thousands of stats for a data-science set.
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
        damaged.forEach((entry, why) -> damaged(entry, why, setFile));
        return damaged.isEmpty();
    }

    /** Links the checked files and writes each entry's scripts and RECORD; on failure, undoes what it wrote. */
    private static Optional<Map<String, String>> link(List<StoredDistribution> entries, List<StoredFile> files, Path python,
            Path sitePackages) {
        List<Path> written = new ArrayList<>();
        Map<String, String> installed = new TreeMap<>();
        try {
            Path bin = python.toAbsolutePath().getParent();
            String shebang = VirtualEnvironments.scriptShebang(python.toAbsolutePath());
            List<FileTrees.Link> links = files.stream().map(StoredFile::link).toList();
            createDirectories(links);
            FileTrees.linkAll(links, written);
            for (StoredDistribution entry : entries) {
                entry.writeScriptsAndRecord(sitePackages, bin, shebang, written);
                installed.put(entry.name(), entry.version());
            }
            return Optional.of(installed);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Linking from the store into {0} failed ({1}); installing instead", sitePackages, e.toString());
            for (int i = written.size() - 1; i >= 0; i--) {
                deleteQuietly(written.get(i));
            }
            return Optional.empty();
        }
    }

    /**
     * Each directory once, not a createDirectories (a failing mkdir and an exception) per file; sorted, so that
     * parents come first and each is one mkdir. On two threads too (a race on a shared parent is fine): hundreds
     * of new directories are much of the time.
     */
    private static void createDirectories(List<FileTrees.Link> links) throws IOException {
        Set<Path> directories = new TreeSet<>();
        for (FileTrees.Link link : links) {
            directories.add(link.link().getParent());
        }
        FileTrees.splitInTwo(new ArrayList<>(directories), half -> {
            for (Path directory : half) {
                Files.createDirectories(directory);
            }
        });
    }

    /** A stored file to check and link. */
    private record StoredFile(StoredDistribution entry, StoredDistribution.FileEntry file, FileTrees.Link link) {
    }

    /** Removes the damaged {@code entry} and the set that names it: the installer runs, and stores them anew. */
    private static void damaged(Path entry, String why, Path setFile) {
        LOG.log(Level.WARNING, "The store entry {0} is damaged ({1}); removing it and installing instead", entry.getFileName(), why);
        StoredDistribution.remove(entry);
        deleteQuietly(setFile);
    }

    /**
     * A distribution an installer put into a fresh venv, to keep.
     *
     * @param distInfo  its {@code .dist-info} directory in site-packages
     * @param wheelHash the wheel's SHA-256 from the installer's report, when it gave one
     */
    public record Installed(String name, String version, Path distInfo, Optional<String> wheelHash) {
    }

    /**
     * Keeps what an installer put into a fresh venv. Whether the set was stored; failure only costs the next venv its
     * shortcut: logged, never thrown.
     */
    public boolean record(String key, Path python, Path sitePackages, List<Installed> installed) {
        try {
            Path bin = python.toAbsolutePath().getParent();
            String shebang = VirtualEnvironments.scriptShebang(python.toAbsolutePath());
            List<String> ids = new ArrayList<>();
            for (Installed dist : installed) {
                Optional<String> id = StoredDistribution.store(dist, sitePackages, bin, shebang, dists);
                if (id.isEmpty()) {
                    LOG.log(Level.DEBUG, "Not storing the set {0}: {1} installs files outside site-packages", key, dist.name());
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
    public void keepLock(String key, Path lockFile) {
        try {
            if (Files.isRegularFile(lockFile) && Files.isRegularFile(sets.resolve(key + ".set"))) {
                AtomicFiles.write(sets.resolve(key + ".pylock.toml"), Files.readAllBytes(lockFile));
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not keep the lock file {0} in the store: {1}", lockFile, e.getMessage());
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
}
