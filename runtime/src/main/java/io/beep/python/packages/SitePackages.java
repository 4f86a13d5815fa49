package io.beep.python.packages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beep.python.packages.pep508.Version;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads what is installed in a {@code site-packages} directory from the {@code *.dist-info}
 * metadata alone, without starting Python: this is what makes a no-op install spawn no process.
 */
final class SitePackages {

    /** Made on the first direct_url.json only: a fresh JVM's first ObjectMapper is costly, and a warm or baked start pays none. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private SitePackages() {
    }

    /** Installed distributions by normalized name; a broken {@code .dist-info} is skipped. */
    static Map<String, InstalledDistribution> read(Path sitePackages) {
        Map<String, InstalledDistribution> found = new TreeMap<>();
        if (!Files.isDirectory(sitePackages)) {
            return found;
        }
        try (Stream<Path> entries = Files.list(sitePackages)) {
            entries.filter(p -> p.getFileName().toString().endsWith(".dist-info")).forEach(dir -> readOne(dir).ifPresent(d -> found.put(d.name(), d)));
        } catch (IOException e) {
            return found;
        }
        return found;
    }

    /** Normalized name to version. */
    static Map<String, String> versions(Path sitePackages) {
        Map<String, String> versions = new TreeMap<>();
        read(sitePackages).forEach((name, d) -> versions.put(name, d.version()));
        return versions;
    }

    /**
     * Normalized name to version for a lock file: every distribution; one whose {@code METADATA} gives no name and
     * version (garbage, missing) by its directory name ({@code six-1.16.0.dist-info}), as Python's import system does not
     * need that file and the package still works. {@code problems} gets one line for each of those, naming the file.
     */
    static Map<String, String> lockVersions(Path sitePackages, List<String> problems) {
        Map<String, String> versions = versions(sitePackages);
        if (!Files.isDirectory(sitePackages)) {
            return versions;
        }
        List<Path> unreadable;
        try (Stream<Path> entries = Files.list(sitePackages)) {
            unreadable = entries.filter(p -> p.getFileName().toString().endsWith(".dist-info")).filter(dir -> readOne(dir).isEmpty())
                    .sorted().toList();
        } catch (IOException e) {
            return versions;
        }
        for (Path distInfo : unreadable) {
            String stem = distInfo.getFileName().toString().replaceFirst("\\.dist-info$", "");
            int dash = stem.lastIndexOf('-');
            String name = dash > 0 ? Requirement.normalize(stem.substring(0, dash)) : null;
            String version = dash > 0 ? stem.substring(dash + 1) : "";
            Path metadata = distInfo.resolve("METADATA");
            if (name == null || name.isEmpty() || Version.tryParse(version).isEmpty()) {
                problems.add(metadata + " gives no name and version, and neither does its directory name; " + distInfo.getFileName()
                        + " is left out of the lock file. Reinstall that package.");
            } else if (!versions.containsKey(name)) {
                versions.put(name, version);
                problems.add(metadata + " gives no name and version; " + name + " " + version
                        + " is recorded from its directory name. Reinstall that package to repair its metadata.");
            }
        }
        return versions;
    }

    private static Optional<InstalledDistribution> readOne(Path distInfo) {
        Path metadata = distInfo.resolve("METADATA");
        String name = null;
        String version = null;
        List<String> requires = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(metadata, StandardCharsets.UTF_8)) {
            String line;
            // Only the header block: the body is the long description.
            while ((line = reader.readLine()) != null && !line.isEmpty()) {
                if (line.startsWith("Name:")) {
                    name = line.substring(5).strip();
                } else if (line.startsWith("Version:")) {
                    version = line.substring(8).strip();
                } else if (line.startsWith("Requires-Dist:")) {
                    requires.add(line.substring(14).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (name == null || version == null) {
            return Optional.empty();
        }
        return Optional.of(new InstalledDistribution(Requirement.normalize(name), version, requires, directUrl(distInfo), distInfo));
    }

    private static Optional<String> directUrl(Path distInfo) {
        Path file = distInfo.resolve("direct_url.json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode url = Json.MAPPER.readTree(file.toFile()).get("url");
            return url == null ? Optional.empty() : Optional.of(url.asText());
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
