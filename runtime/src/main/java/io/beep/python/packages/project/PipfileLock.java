package io.beep.python.packages.project;

import io.beep.python.packages.pep508.Pep508Parser;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code Pipfile.lock} (JSON): its {@code default} section, each package with its {@code ==} version, {@code hashes}
 * and {@code markers}. Pipenv locks the whole closure flat, so no walk is needed; {@code develop} stays out. The
 * project itself ({@code path = "."}) is left to the project install.
 */
final class PipfileLock {

    private PipfileLock() {
    }

    static ProjectLock read(Path lock, Map<String, String> environment) {
        JsonNode root = ProjectFiles.json(lock);
        JsonNode section = root.path("default");
        if (!section.isObject()) {
            throw ProjectFiles.malformed(lock, lock + " has no \"default\" section; run 'pipenv lock'.", null);
        }
        List<LockedPackage> packages = new ArrayList<>();
        section.fields().forEachRemaining(e -> {
            String name = e.getKey();
            JsonNode p = e.getValue();
            String entry = lock + ", \"default\" \"" + name + "\"";
            String marker = p.path("markers").asText("");
            if (!marker.isBlank() && Pep508Parser.parseMarker(marker).evaluate(environment).equals(Optional.of(false))) {
                return;
            }
            if (p.has("path")) {
                Path directory = lock.getParent().resolve(p.path("path").asText()).normalize();
                if (!directory.equals(lock.getParent().normalize())) {
                    packages.add(new LockedPackage(name, "", List.of(), Optional.of(directory), entry));
                }
                return;
            }
            String version = p.path("version").asText("");
            if (!version.startsWith("==")) {
                throw ProjectFiles.malformed(lock, entry + ": " + (p.has("git") || p.has("file") ? "a VCS or URL source is not supported"
                        : "no ==version; a lock must pin every package") + ".", null);
            }
            List<String> hashes = new ArrayList<>();
            p.path("hashes").forEach(h -> {
                if (h.asText().startsWith("sha256:")) {
                    hashes.add(h.asText().substring(7));
                }
            });
            packages.add(new LockedPackage(name, version.substring(2), hashes, Optional.empty(), entry));
        });
        return new ProjectLock(lock, packages);
    }
}
