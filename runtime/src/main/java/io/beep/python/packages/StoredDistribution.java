package io.beep.python.packages;

import io.beep.python.fs.FileTrees;

import io.beep.python.fs.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

    private static final String MANIFEST = "manifest";

    static Optional<StoredDistribution> read(Path root) {
        Path manifest = root.resolve(MANIFEST);
        String name = null;
        String version = null;
        String distInfo = null;
        List<FileEntry> files = new ArrayList<>();
        List<String> record = new ArrayList<>();
        List<String> scripts = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
                int space = line.indexOf(' ');
                if (space < 0) {
                    continue;
                }
                String value = line.substring(space + 1);
                switch (line.substring(0, space)) {
                    case "name" -> name = value;
                    case "version" -> version = value;
                    case "dist-info" -> distInfo = value;
                    case "r" -> record.add(value);
                    case "s" -> scripts.add(value);
                    case "f" -> {
                        String[] parts = value.split(" ", 4);
                        files.add(new FileEntry(parts[3], Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2]));
                    }
                    default -> {
                        // from a newer writer: what we know is still valid
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (name == null || version == null || distInfo == null) {
            return Optional.empty();
        }
        return Optional.of(new StoredDistribution(root, name, version, distInfo, List.copyOf(files), List.copyOf(record), List.copyOf(scripts)));
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
            if (!DistributionStore.recordHash(Files.readAllBytes(stored)).equals(file.hash())) {
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
            lines.add(csv(sitePackages.relativize(target).toString()) + "," + DistributionStore.recordHash(content) + "," + content.length);
        }
        lines.add(csv(distInfo + "/RECORD") + ",,");
        Path recordFile = sitePackages.resolve(distInfo).resolve("RECORD");
        Files.writeString(recordFile, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        written.add(recordFile);
    }

    /**
     * Stores {@code dist} as it lies in {@code sitePackages}; its id, or empty when it installed files the store
     * cannot reproduce (outside site-packages, other than console scripts with this venv's shebang).
     */
    static Optional<String> store(InstalledDistribution dist, Optional<String> wheelHash, Path sitePackages, Path bin, String shebang,
            Path dists) throws IOException {
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
            List<String> manifest = new ArrayList<>(List.of("name " + dist.name(), "version " + dist.version(), "dist-info " + distInfo));
            Set<String> seen = new HashSet<>();
            List<String> pythonFiles = new ArrayList<>();
            Path site = sitePackages.toAbsolutePath().normalize();
            Path binDir = bin.toAbsolutePath().normalize();
            for (String line : new String(recordBytes, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList()) {
                String[] fields = fields(line);
                String path = fields[0];
                if (path.equals(distInfo + "/RECORD")) {
                    continue;
                }
                Path installed = site.resolve(path).normalize();
                if (installed.startsWith(site)) {
                    String relative = site.relativize(installed).toString();
                    if (seen.add(relative)) {
                        manifest.add(keep(installed, stage.resolve("site").resolve(relative), relative, fields[1]));
                        manifest.add("r " + line);
                        if (relative.endsWith(".py")) {
                            pythonFiles.add(relative);
                        }
                    }
                } else if (binDir.equals(installed.getParent())) {
                    byte[] content = Files.readAllBytes(installed);
                    String text = new String(content, StandardCharsets.UTF_8);
                    if (!text.startsWith(shebang)) {
                        return Optional.empty();
                    }
                    Path script = stage.resolve("scripts").resolve(installed.getFileName().toString());
                    Files.createDirectories(script.getParent());
                    Files.writeString(script, text.substring(shebang.length()), StandardCharsets.UTF_8);
                    manifest.add("s " + installed.getFileName());
                } else {
                    return Optional.empty();
                }
            }
            // Byte-code the installer wrote without listing it (uv): kept too, so a linked venv imports as fast.
            for (String python : pythonFiles) {
                Path source = site.resolve(python);
                Path cache = source.getParent().resolve("__pycache__");
                String stem = source.getFileName().toString().replaceFirst("\\.py$", "") + ".";
                if (!Files.isDirectory(cache)) {
                    continue;
                }
                try (Stream<Path> list = Files.list(cache)) {
                    for (Path pyc : list.filter(p -> p.getFileName().toString().startsWith(stem) && p.getFileName().toString().endsWith(".pyc"))
                            .toList()) {
                        String relative = site.relativize(pyc).toString();
                        if (seen.add(relative)) {
                            manifest.add(keep(pyc, stage.resolve("site").resolve(relative), relative, ""));
                            manifest.add("r " + csv(relative) + ",,");
                        }
                    }
                }
            }
            AtomicFiles.write(stage.resolve(MANIFEST), String.join("\n", manifest) + "\n");
            try {
                Files.move(stage, entry, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                // another install stored the same distribution meanwhile
            }
            return Optional.of(id);
        } finally {
            if (Files.exists(stage)) {
                DistributionStore.remove(stage);
            }
        }
    }

    /** Links (or copies) one installed file into the stage, read-only, and returns its manifest line. */
    private static String keep(Path installed, Path stored, String relative, String recordHash) throws IOException {
        Files.createDirectories(stored.getParent());
        FileTrees.linkOrCopy(installed, stored);
        Files.setPosixFilePermissions(stored, PosixFilePermissions.fromString("r--r--r--"));
        String hash = recordHash.startsWith("sha256=") ? recordHash : DistributionStore.recordHash(Files.readAllBytes(stored));
        BasicFileAttributes attributes = Files.readAttributes(stored, BasicFileAttributes.class);
        return "f " + attributes.size() + " " + attributes.lastModifiedTime().toMillis() + " " + hash + " " + relative;
    }

    /** {@code path,hash,size} of a RECORD line; the path may be quoted as Python's csv module quotes. */
    static String[] fields(String line) {
        int last = line.lastIndexOf(',');
        int second = last <= 0 ? -1 : line.lastIndexOf(',', last - 1);
        if (second < 0) {
            return new String[] {unquote(line), "", ""};
        }
        return new String[] {unquote(line.substring(0, second)), line.substring(second + 1, last), line.substring(last + 1)};
    }

    private static String unquote(String path) {
        if (path.length() >= 2 && path.startsWith("\"") && path.endsWith("\"")) {
            return path.substring(1, path.length() - 1).replace("\"\"", "\"");
        }
        return path;
    }

    private static String csv(String path) {
        if (path.contains(",") || path.contains("\"") || path.contains("\n")) {
            return "\"" + path.replace("\"", "\"\"") + "\"";
        }
        return path;
    }
}
