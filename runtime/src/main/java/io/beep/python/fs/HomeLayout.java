package io.beep.python.fs;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Every folder and file name of the Beep Python home (DESIGN.md "Home directory layout"), in one
 * place: rooms take the home and ask this for where their files go, as uv's {@code Cache::bucket}
 * does for its cache. The names are shared with other processes, older versions of this extension
 * and the C# original, so they never change.
 * <pre>
 * runtimes.json, package-requirements.json
 * embedded/  venvs/  tools/uv/  tmp/  app/
 * cache/     (archives by SHA-256) and its {@link Cache} sub-folders
 * locks/     NAME.lock, see {@link #lock(String)} and {@link #lockFor(LockKind, Path)}
 * </pre>
 */
public record HomeLayout(Path home) {

    /** The file name suffix of every lock file in {@link #locks()}. */
    public static final String LOCK_SUFFIX = ".lock";

    /** The sub-folders of {@link #cache()}. */
    public enum Cache {
        /** The content-addressed store of installed distributions. */
        STORE("store"),
        /** pip unpacked once, seeding native venvs; and {@code wheels-KEY/}, the wheels of a {@code seed-packages} choice. */
        SEED("seed"),
        /** The interpreter probe script. */
        REGISTRY("registry"),
        /** One marker per archive installed from a URL, by its SHA-256. */
        INSTALLED("installed"),
        /** Downloads in progress, resumed after a break. */
        PARTIAL("partial"),
        /** A Maven artifact's SHA-256, by its file name. */
        KEYS("keys");

        private final String folder;

        Cache(String folder) {
            this.folder = folder;
        }
    }

    /**
     * What a lock file guards; its name is {@code PREFIX-KEY.lock}. The path-keyed kinds hash the path
     * (a path may be long and hold any character); the others use their key as it is.
     */
    public enum LockKind {
        /** A whole bootstrap of one venv, keyed by the venv's path. */
        ENV("env"),
        /** Installs into one environment, keyed by its path. */
        INSTALL("install"),
        /** The creation of one venv, keyed by its path. */
        VENV("venv"),
        /** One download into the cache, keyed by its SHA-256 or Maven file name. */
        CACHE("cache"),
        /** One managed interpreter being unpacked, keyed by its name. */
        EMBEDDED("embedded"),
        /** One entry of the seed cache, keyed by its name. */
        SEED("seed");

        private final String prefix;

        LockKind(String prefix) {
            this.prefix = prefix;
        }
    }

    public HomeLayout {
        Objects.requireNonNull(home, "home");
    }

    /** The layout of {@code home}, taken as given: every path below is {@code home.resolve(...)}. */
    public static HomeLayout of(Path home) {
        return new HomeLayout(home);
    }

    /** The registry of interpreters. */
    public Path runtimesJson() {
        return home.resolve("runtimes.json");
    }

    /** The package profiles. */
    public Path packageRequirementsJson() {
        return home.resolve("package-requirements.json");
    }

    /** The managed interpreters, one folder each. */
    public Path embedded() {
        return home.resolve("embedded");
    }

    /** Where a venv goes when no path is given. */
    public Path venvs() {
        return home.resolve("venvs");
    }

    /**
     * The managed venv of the environment {@code name} built from the inputs whose digest is {@code key}
     * ({@code venvs/NAME-KEY}): one venv per set of inputs, so that applications with different inputs on one
     * home never share one, and those with the same inputs do.
     */
    public Path venv(String name, String key) {
        return venvs().resolve(name + "-" + key);
    }

    /** Scratch space of installs. */
    public Path tmp() {
        return home.resolve("tmp");
    }

    /** Tools fetched as verified wheels. */
    public Path tools() {
        return home.resolve("tools");
    }

    /** uv's versions, each in {@code VERSION/}. */
    public Path uvTool() {
        return tools().resolve("uv");
    }

    /** A packaged application's {@code src/main/python}, unpacked once per digest. */
    public Path app() {
        return home.resolve("app");
    }

    /** Verified downloads, named by their SHA-256. */
    public Path cache() {
        return home.resolve("cache");
    }

    public Path cache(Cache kind) {
        return cache().resolve(kind.folder);
    }

    /** The inter-process lock files. */
    public Path locks() {
        return home.resolve("locks");
    }

    /**
     * The home that holds {@code lockFile} when it is one of a home's {@link #lock lock files}
     * ({@code HOME/locks/NAME.lock}): the lock is then often the first thing written into a new home.
     */
    public static Optional<Path> homeOfLock(Path lockFile) {
        Path locks = lockFile.getParent();
        boolean inHome = lockFile.getFileName() != null && lockFile.getFileName().toString().endsWith(LOCK_SUFFIX)
                && locks != null && locks.getFileName() != null && locks.getFileName().toString().equals("locks") && locks.getParent() != null;
        return inHome ? Optional.of(locks.getParent()) : Optional.empty();
    }

    /** The lock file {@code NAME.lock}. */
    public Path lock(String name) {
        return locks().resolve(name + LOCK_SUFFIX);
    }

    /**
     * The lock of {@code kind} on {@code path}: {@code PREFIX-} and the {@link Digests#shortHex(String) short hash} of
     * the absolute, normalized path. The bootstrap, the installers and the venv creation each built this name
     * themselves, all from a path already absolute and normalized: the names are the same as theirs.
     */
    public Path lockFor(LockKind kind, Path path) {
        return lockFor(kind, Digests.shortHex(path.toAbsolutePath().normalize().toString()));
    }

    /** The lock of {@code kind} on {@code key}: {@code PREFIX-KEY.lock}. */
    public Path lockFor(LockKind kind, String key) {
        return lock(kind.prefix + "-" + key);
    }

    /** Guards {@link #runtimesJson()}. */
    public Path runtimesJsonLock() {
        return lock("runtimes.json");
    }

    /** Guards {@link #packageRequirementsJson()}. */
    public Path packageRequirementsLock() {
        return lock("package-requirements");
    }

    /** Guards the garbage collection of {@link #venvs()}: one collector at a time per home. */
    public Path venvsGcLock() {
        return lock("venvs-gc");
    }

    /**
     * Patch updates of managed interpreters: {@code last-check} (when the sources were last asked, written atomically)
     * and one {@code <minor>.json} per minor whose newer patch is provisioned and waits for a start to switch to it.
     */
    public Path runtimeUpdates() {
        return home.resolve("runtime-updates");
    }

    /**
     * The marker in a managed interpreter's directory ({@code embedded/cpython-3.13.6-...}) provisioned by a background
     * patch update: discovery passes it over, so that no start picks it up before the switch meant to verify it.
     */
    public static Path heldMarker(Path installDir) {
        return installDir.resolve(".beep-python-held");
    }

    /** Guards {@link #runtimeUpdates()}: one update check at a time per home. */
    public Path runtimeUpdatesLock() {
        return lock("runtime-updates");
    }

    /** Guards the start-up sweep of the home's scratch ({@link Scratch}): one sweeper at a time per home. */
    public Path scratchSweepLock() {
        return lock("scratch-sweep");
    }

    /** Guards fetching uv into {@link #uvTool()}. */
    public Path uvLock() {
        return lock("uv");
    }

    /**
     * The scratch a home keeps while a run works in it, every kind named with its maker ({@link ScratchOwner}) so that a
     * start can remove what runs that are gone left (a {@code kill -9} mid-install leaves its work directory) and never
     * touch a live run's:
     * <pre>
     * tmp/install-TAG-R            an installer's work directory
     * tmp/lock-TAG-R.txt           an installer's argument file
     * tools/uv/.download-TAG-R     uv's wheel being fetched
     * tools/uv/.staging-TAG-R      uv's binary being unpacked
     * embedded/.tmp-NAME-TAG-R     a managed interpreter being unpacked
     * </pre>
     * The names live here, with the home's other names, so that the makers and the clean-up cannot drift apart.
     */
    public static final class Scratch {

        /** An installer's work directory under {@link HomeLayout#tmp()}. */
        public static final String INSTALL_WORK = "install-";
        /** An installer's argument file under {@link HomeLayout#tmp()}: {@code lock-TAG-R.txt}. */
        public static final String INSTALL_ARGS = "lock-";
        public static final String INSTALL_ARGS_SUFFIX = ".txt";
        /** uv's wheel being downloaded, under {@link HomeLayout#uvTool()}. */
        public static final String UV_DOWNLOAD = ".download-";
        /** uv's binary being unpacked before its rename into place, under {@link HomeLayout#uvTool()}. */
        public static final String UV_STAGING = ".staging-";
        /** A managed interpreter being unpacked before its rename into place, under {@link HomeLayout#embedded()}. */
        public static final String UNPACKING = ".tmp-";

        private Scratch() {
        }

        /** The name stem of a new scratch entry of kind {@code stem}: the stem and this JVM's tag, for a random part to follow. */
        public static String named(String stem) {
            return stem + ScratchOwner.tag() + "-";
        }

        /**
         * Removes every kind of the home's scratch whose maker is gone and returns how many entries went; a live run's
         * stay, and so do untagged names (an older version's, or someone else's). Callers hold the home's sweep lock, so
         * that two starts do not walk the same folders at once.
         */
        public static int removeAbandoned(Path home) {
            HomeLayout layout = HomeLayout.of(home);
            return ScratchOwner.removeAbandoned(layout.tmp(), INSTALL_WORK, "")
                    + ScratchOwner.removeAbandoned(layout.tmp(), INSTALL_ARGS, INSTALL_ARGS_SUFFIX)
                    + ScratchOwner.removeAbandoned(layout.uvTool(), UV_DOWNLOAD, "")
                    + ScratchOwner.removeAbandoned(layout.uvTool(), UV_STAGING, "")
                    + ScratchOwner.removeAbandonedAnyName(layout.embedded(), UNPACKING);
        }
    }
}
