package io.beep.python.packages.store;

import io.beep.python.fs.FileTrees;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A store entry being made in its stage directory: the installed files linked in read-only under
 * {@code site/}, the console scripts without their shebang under {@code scripts/}, and the manifest
 * lines that describe them.
 */
final class EntryStage {

    private final Path stage;
    private final Path site;
    private final Path binDir;
    private final String shebang;
    private final String distInfo;
    private final List<String> manifest = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private final List<String> pythonFiles = new ArrayList<>();

    EntryStage(Path stage, Path sitePackages, Path bin, String shebang, String distInfo, List<String> header) {
        this.stage = stage;
        this.site = sitePackages.toAbsolutePath().normalize();
        this.binDir = bin.toAbsolutePath().normalize();
        this.shebang = shebang;
        this.distInfo = distInfo;
        this.manifest.addAll(header);
    }

    List<String> manifest() {
        return manifest;
    }

    /** Keeps every file RECORD lists; false when one lies where the store cannot reproduce it. */
    boolean keepRecorded(byte[] recordBytes) throws IOException {
        for (String line : new String(recordBytes, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList()) {
            if (!keepLine(line)) {
                return false;
            }
        }
        return true;
    }

    private boolean keepLine(String line) throws IOException {
        String[] fields = RecordFormat.fields(line);
        String path = fields[0];
        if (path.equals(distInfo + "/RECORD")) {
            return true;
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
            return true;
        }
        return binDir.equals(installed.getParent()) && keepScript(installed);
    }

    /** A console script, kept without this venv's shebang; false when it has another. */
    private boolean keepScript(Path installed) throws IOException {
        byte[] content = Files.readAllBytes(installed);
        String text = new String(content, StandardCharsets.UTF_8);
        if (!text.startsWith(shebang)) {
            return false;
        }
        Path script = stage.resolve("scripts").resolve(installed.getFileName().toString());
        Files.createDirectories(script.getParent());
        Files.writeString(script, text.substring(shebang.length()), StandardCharsets.UTF_8);
        manifest.add("s " + installed.getFileName());
        return true;
    }

    /** Byte-code the installer wrote without listing it (uv): kept too, so a linked venv imports as fast. */
    void keepByteCode() throws IOException {
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
                        manifest.add("r " + RecordFormat.csv(relative) + ",,");
                    }
                }
            }
        }
    }

    /** Links (or copies) one installed file into the stage, read-only, and returns its manifest line. */
    private static String keep(Path installed, Path stored, String relative, String recordHash) throws IOException {
        Files.createDirectories(stored.getParent());
        FileTrees.linkOrCopy(installed, stored);
        Files.setPosixFilePermissions(stored, PosixFilePermissions.fromString("r--r--r--"));
        String hash = recordHash.startsWith("sha256=") ? recordHash : RecordFormat.recordHash(Files.readAllBytes(stored));
        BasicFileAttributes attributes = Files.readAttributes(stored, BasicFileAttributes.class);
        return "f " + attributes.size() + " " + attributes.lastModifiedTime().toMillis() + " " + hash + " " + relative;
    }
}
