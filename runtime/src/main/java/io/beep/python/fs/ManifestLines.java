package io.beep.python.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A manifest of {@code key value} lines (the seed cache's and the store's): the key is what precedes the first space,
 * the value the rest of the line. Lines without a space are skipped, and keys a reader does not ask for (written by a
 * newer version) are left alone, so that what a reader knows stays valid.
 */
public final class ManifestLines {

    private final Map<String, List<String>> values;

    private ManifestLines(Map<String, List<String>> values) {
        this.values = values;
    }

    public static ManifestLines read(Path file) throws IOException {
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int space = line.indexOf(' ');
            if (space >= 0) {
                values.computeIfAbsent(line.substring(0, space), key -> new ArrayList<>()).add(line.substring(space + 1));
            }
        }
        return new ManifestLines(values);
    }

    /** Every value of {@code key}, in file order. */
    public List<String> all(String key) {
        return List.copyOf(values.getOrDefault(key, List.of()));
    }

    /** The last value of {@code key}, if the manifest has one. */
    public Optional<String> last(String key) {
        List<String> all = values.getOrDefault(key, List.of());
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }
}
