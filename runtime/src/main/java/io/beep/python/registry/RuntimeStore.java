package io.beep.python.registry;

import io.beep.python.fs.AtomicFiles;
import io.beep.python.fs.HomeLayout;
import io.beep.python.process.InterProcessLock;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Reads and writes {@code ${home}/runtimes.json}. Every write happens under an inter-process file lock
 * ({@code ${home}/locks/runtimes.json.lock}) and re-reads the file first, so that a change merges into
 * what other processes wrote meanwhile instead of replacing it; the new text goes to a temp file that is
 * renamed over the old one, so readers never see half a file and need no lock.
 */
final class RuntimeStore {

    private static final System.Logger LOG = System.getLogger(RuntimeStore.class.getName());
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The file's content: the default id (or null) and the entries by id, in file order. */
    record Snapshot(String defaultId, Map<String, RuntimeEntry> entries) {
        static final Snapshot EMPTY = new Snapshot(null, Map.of());

        Snapshot {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        /**
         * This snapshot with {@code upserts} put in (replacing entries of the same id or the same
         * interpreter key), {@code removals} (ids) taken out, and the default set when {@code newDefault} is given.
         */
        Snapshot merge(List<RuntimeEntry> upserts, List<String> removals, String newDefault) {
            Map<String, RuntimeEntry> merged = new LinkedHashMap<>(entries);
            removals.forEach(merged::remove);
            for (RuntimeEntry entry : upserts) {
                merged.values().removeIf(old -> old.key() != null && old.key().equals(entry.key()) && !old.id().equals(entry.id()));
                merged.put(entry.id(), entry);
            }
            return new Snapshot(newDefault != null ? newDefault : defaultId, merged);
        }
    }

    private final Path file;
    private final Path lockFile;

    RuntimeStore(Path home) {
        this.file = HomeLayout.of(home).runtimesJson();
        this.lockFile = HomeLayout.of(home).runtimesJsonLock();
    }

    Path file() {
        return file;
    }

    /** The file's content; empty when absent. A corrupted file is moved aside (under the lock) and reads as empty. */
    Snapshot load() {
        try {
            return parse(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Snapshot.EMPTY;
        } catch (CorruptFile e) {
            return withLock(() -> readOrSetAside());
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Reason.UNREADABLE_REGISTRY, file.toString(),
                    "Cannot read the runtime registry " + file + ": " + e.getMessage() + "; check its permissions", e);
        }
    }

    /** Applies {@code change} to the file's current content under the lock, writes the result atomically and returns it. */
    Snapshot update(UnaryOperator<Snapshot> change) {
        return withLock(() -> {
            Snapshot changed = change.apply(readOrSetAside());
            write(changed);
            return changed;
        });
    }

    private Snapshot readOrSetAside() {
        try {
            return parse(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Snapshot.EMPTY;
        } catch (CorruptFile e) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + STAMP.format(Instant.now()));
            try {
                Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException moveFailed) {
                throw new RegistryException(RegistryException.Reason.UNREADABLE_REGISTRY, file.toString(), "The runtime registry "
                        + file + " is corrupted (" + e.getMessage() + ") and cannot be moved aside: " + moveFailed.getMessage()
                        + "; delete it and start again", moveFailed);
            }
            LOG.log(System.Logger.Level.WARNING, "The runtime registry {0} was corrupted ({1}); moved it to {2} and rebuilding it"
                    + " by discovery", file, e.getMessage(), aside);
            return Snapshot.EMPTY;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Snapshot parse(byte[] text) throws CorruptFile {
        Map<String, Object> root;
        try {
            root = RuntimesJson.readObject(text);
        } catch (RuntimesJson.UnexpectedContent e) {
            throw new CorruptFile("unexpected content: " + e.getMessage());
        } catch (IOException e) {
            throw new CorruptFile("not valid JSON: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (root == null || !(root.get("schemaVersion") instanceof String schema)) {
            throw new CorruptFile("no schemaVersion");
        }
        if (Versions.compare(schema, RuntimesDocument.SCHEMA_VERSION) > 0) {
            throw new RegistryException(RegistryException.Reason.NEWER_SCHEMA, file.toString(), "The runtime registry " + file
                    + " has schemaVersion " + schema + ", newer than this version of Beep Python understands ("
                    + RuntimesDocument.SCHEMA_VERSION + "); it was left untouched. Upgrade the extension, or use another home directory");
        }
        RuntimesDocument document;
        try {
            document = RuntimesJson.document(root);
        } catch (RuntimesJson.UnexpectedContent e) {
            throw new CorruptFile("unexpected content: " + e.getMessage());
        }
        Map<String, RuntimeEntry> entries = new LinkedHashMap<>();
        for (RuntimeEntry entry : document.runtimes()) {
            // An entry without identity is useless and harmless to drop: discovery finds it again.
            if (entry != null && entry.id() != null && entry.executable() != null && entry.key() != null && entry.status() != null
                    && isInstant(entry.lastChecked())) {
                entries.put(entry.id(), entry);
            }
        }
        return new Snapshot(document.defaultRuntime(), entries);
    }

    /**
     * Parsed where the file is read: an entry whose timestamp does not parse is dropped like one without identity (its
     * description would fail later), and java.time's first parse (class loading in a fresh JVM) happens where a cold bootstrap
     * reads the registry, on its second core.
     */
    private static boolean isInstant(String text) {
        if (text == null) {
            return true;
        }
        try {
            Instant.parse(text);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    private void write(Snapshot snapshot) {
        RuntimesDocument document = new RuntimesDocument(RuntimesDocument.SCHEMA_VERSION, snapshot.defaultId(),
                new ArrayList<>(snapshot.entries().values()));
        try {
            AtomicFiles.write(file, RuntimesJson.write(document));
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Reason.UNWRITABLE_REGISTRY, file.toString(),
                    "Cannot write the runtime registry " + file + ": " + e.getMessage() + "; check that the directory is writable", e);
        }
    }

    private <T> T withLock(java.util.function.Supplier<T> work) {
        try (InterProcessLock ignored = InterProcessLock.acquire(lockFile)) {
            return work.get();
        }
    }

    /** The file is no readable registry. */
    private static final class CorruptFile extends Exception {
        CorruptFile(String message) {
            super(message, null, false, false);
        }
    }
}
