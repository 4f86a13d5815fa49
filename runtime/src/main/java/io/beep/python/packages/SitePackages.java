package io.beep.python.packages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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
