package io.beep.python.packages.store;

import io.beep.python.fs.AtomicFiles;
import io.beep.python.fs.FileTrees;
import io.beep.python.fs.ManifestLines;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One installed distribution in the {@link DistributionStore}: {@code site/} holds its files as they lay in
 * site-packages (read-only, shared by hard link with every venv that uses it), {@code scripts/} its console
 * scripts without their shebang (which names each venv's own python), and {@code manifest} the size,
 * modification time and RECORD hash of every file and the RECORD lines to write.
 */
record StoredDistribution(Path root, String name, String version, String distInfo, List<FileEntry> files, List<String> record,
        List<String> scripts) {

    /** A file below site-packages: {@code relative} to it, with the stat and hash it had when stored. */
    record FileEntry(String relative, long size, long modified, String hash) {
    }

    private static final System.Logger LOG = System.getLogger(StoredDistribution.class.getName());
    private static final String MANIFEST = "manifest";

    static Optional<StoredDistribution> read(Path root) {
        Path manifest = root.resolve(MANIFEST);
        String name;
        String version;
        String distInfo;
        List<FileEntry> files = new ArrayList<>();
        List<String> record;
        List<String> scripts;
        try {
            ManifestLines lines = ManifestLines.read(manifest);
            name = lines.last("name").orElse(null);
            version = lines.last("version").orElse(null);
            distInfo = lines.last("dist-info").orElse(null);
            record = lines.all("r");
            scripts = lines.all("s");
            for (String value : lines.all("f")) {
                String[] parts = value.split(" ", 4);
                files.add(new FileEntry(parts[3], Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2]));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (name == null || version == null || distInfo == null) {
            return Optional.empty();
        }
        return Optional.of(new StoredDistribution(root, name, version, distInfo, List.copyOf(files), record, scripts));
    }

    /**
     * Why {@code file} of this entry cannot be linked, if it cannot: it is missing, or its stat changed and its content
     * no longer matches its RECORD hash. A file with the stat it was stored with is trusted without reading it.
     */
    Optional<String> damage(FileEntry file, Path stored) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(stored, BasicFileAttributes.class);
        } catch (IOException e) {
            return Optional.of(file.relative() + " is missing");
        }
        if (attributes.size() == file.size() && attributes.lastModifiedTime().toMillis() == file.modified()) {
            return Optional.empty();
        }
        try {
            if (!RecordFormat.recordHash(Files.readAllBytes(stored)).equals(file.hash())) {
                return Optional.of(file.relative() + " does not match its RECORD hash");
            }
        } catch (IOException e) {
            return Optional.of(file.relative() + " cannot be read: " + e.getMessage());
        }
        return Optional.empty();
    }

    /** Why this entry's console scripts cannot be written, if one is missing. */
    Optional<String> scriptDamage() {
        for (String script : scripts) {
            if (!Files.isRegularFile(root.resolve("scripts").resolve(script))) {
                return Optional.of("script " + script + " is missing");
            }
        }
        return Optional.empty();
    }

    /** The link that puts {@code file} of this entry into {@code sitePackages}. */
    FileTrees.Link link(FileEntry file, Path sitePackages) {
        return new FileTrees.Link(root.resolve("site").resolve(file.relative()), sitePackages.resolve(file.relative()));
    }

    /**
     * After its files were linked: writes the console scripts into {@code bin} and RECORD; every path made goes to
     * {@code written}.
     */
    void writeScriptsAndRecord(Path sitePackages, Path bin, String shebang, List<Path> written) throws IOException {
        List<String> lines = new ArrayList<>(record);
        for (String script : scripts) {
            byte[] body = Files.readAllBytes(root.resolve("scripts").resolve(script));
            byte[] head = shebang.getBytes(StandardCharsets.UTF_8);
            byte[] content = new byte[head.length + body.length];
            System.arraycopy(head, 0, content, 0, head.length);
            System.arraycopy(body, 0, content, head.length, body.length);
            Path target = bin.resolve(script);
            if (Files.exists(target)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            Files.write(target, content);
            written.add(target);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            lines.add(RecordFormat.csv(sitePackages.relativize(target).toString()) + "," + RecordFormat.recordHash(content) + "," + content.length);
        }
        lines.add(RecordFormat.csv(distInfo + "/RECORD") + ",,");
        Path recordFile = sitePackages.resolve(distInfo).resolve("RECORD");
        Files.writeString(recordFile, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        written.add(recordFile);
    }

    /**
     * Stores {@code dist} as it lies in {@code sitePackages}; its id, or empty when it installed files the store
     * cannot reproduce (outside site-packages, other than console scripts with this venv's shebang).
     */
    static Optional<String> store(DistributionStore.Installed dist, Path sitePackages, Path bin, String shebang, Path dists)
            throws IOException {
        Optional<String> wheelHash = dist.wheelHash();
        Path recordFile = dist.distInfo().resolve("RECORD");
        byte[] recordBytes = Files.readAllBytes(recordFile);
        String distInfo = dist.distInfo().getFileName().toString();
        String id = dist.name() + "-" + dist.version() + "-"
                + wheelHash.map(hash -> hash.substring(0, 16)).orElseGet(() -> io.beep.python.fs.Digests.shortHex(recordBytes));
        Path entry = dists.resolve(id);
        if (Files.isRegularFile(entry.resolve(MANIFEST))) {
            return Optional.of(id);
        }
        Files.createDirectories(dists);
        Path stage = dists.resolve("." + id + ".tmp-" + UUID.randomUUID());
        try {
            EntryStage staged = new EntryStage(stage, sitePackages, bin, shebang, distInfo,
                    List.of("name " + dist.name(), "version " + dist.version(), "dist-info " + distInfo));
            if (!staged.keepRecorded(recordBytes)) {
                return Optional.empty();
            }
            staged.keepByteCode();
            publish(stage, entry, staged.manifest());
            return Optional.of(id);
        } finally {
            if (Files.exists(stage)) {
                remove(stage);
            }
        }
    }

    /** Writes the manifest last and moves the stage into place, so an entry with a manifest is complete. */
    private static void publish(Path stage, Path entry, List<String> manifest) throws IOException {
        AtomicFiles.write(stage.resolve(MANIFEST), String.join("\n", manifest) + "\n");
        try {
            Files.move(stage, entry, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            // another install stored the same distribution meanwhile
        }
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
}
