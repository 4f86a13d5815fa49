package io.beep.python.packages.project;

import io.beep.python.packages.Requirement;
import io.beep.python.packages.pep508.VersionSpecifier;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a {@code uv.lock} still matches its {@code pyproject.toml}: uv records the project's requirements in the root
 * package's {@code [package.metadata]} ({@code requires-dist}, {@code requires-dev}), and they are compared with the
 * project's by name, extras, version clauses and the extra they belong to. Other markers are not compared: uv rewrites
 * them ({@code python_version} becomes {@code python_full_version}), so comparing their text would report drift that
 * {@code uv lock --check} does not.
 */
final class UvDrift {

    private static final Pattern EXTRA = Pattern.compile("extra\\s*==\\s*['\"]([^'\"]+)['\"]");

    private UvDrift() {
    }

    static void check(Path lock, PyProject pyproject, JsonNode project) {
        JsonNode metadata = project.path("metadata");
        if (!metadata.has("requires-dist") && !metadata.has("requires-dev")) {
            return; // an old lock without the recorded requirements: nothing to compare with
        }
        Map<String, Set<String>> fromProject = new TreeMap<>();
        Set<String> dist = new TreeSet<>();
        pyproject.dependencies().forEach(r -> dist.add(key(r, "")));
        for (String extra : pyproject.extraNames()) {
            pyproject.extra(extra).forEach(r -> dist.add(key(r, extra)));
        }
        fromProject.put("dependencies", dist);
        for (String group : pyproject.groupNames()) {
            Set<String> g = new TreeSet<>();
            pyproject.group(group).forEach(r -> g.add(key(r, "")));
            fromProject.put("group " + Requirement.normalize(group), g);
        }
        JsonNode legacyDev = pyproject.root().path("tool").path("uv").path("dev-dependencies");
        if (legacyDev.isArray() && !legacyDev.isEmpty()) {
            Set<String> dev = fromProject.computeIfAbsent("group dev", k -> new TreeSet<>());
            legacyDev.forEach(d -> dev.add(key(ProjectFiles.requirement(pyproject.file(), "[tool.uv].dev-dependencies", d.asText()), "")));
        }
        Map<String, Set<String>> fromLock = new TreeMap<>();
        Set<String> lockedDist = new TreeSet<>();
        metadata.path("requires-dist").forEach(r -> lockedDist.add(key(r)));
        fromLock.put("dependencies", lockedDist);
        metadata.path("requires-dev").fields().forEachRemaining(e -> {
            Set<String> g = new TreeSet<>();
            e.getValue().forEach(r -> g.add(key(r)));
            fromLock.put("group " + Requirement.normalize(e.getKey()), g);
        });
        fromProject.values().removeIf(Set::isEmpty);
        fromLock.values().removeIf(Set::isEmpty);
        if (!fromProject.equals(fromLock)) {
            List<String> differences = new ArrayList<>();
            Set<String> sections = new TreeSet<>(fromProject.keySet());
            sections.addAll(fromLock.keySet());
            for (String section : sections) {
                Set<String> onlyProject = new TreeSet<>(fromProject.getOrDefault(section, Set.of()));
                onlyProject.removeAll(fromLock.getOrDefault(section, Set.of()));
                Set<String> onlyLock = new TreeSet<>(fromLock.getOrDefault(section, Set.of()));
                onlyLock.removeAll(fromProject.getOrDefault(section, Set.of()));
                if (!onlyProject.isEmpty()) {
                    differences.add(section + " only in pyproject.toml: " + String.join(", ", onlyProject));
                }
                if (!onlyLock.isEmpty()) {
                    differences.add(section + " only in uv.lock: " + String.join(", ", onlyLock));
                }
            }
            throw ProjectLock.drift(lock, pyproject, String.join("; ", differences), "uv lock");
        }
    }

    /** A pyproject requirement as compared: {@code name[extras] clauses (extra X)}. */
    private static String key(Requirement r, String extra) {
        List<String> clauses = r.specifiers().stream().map(VersionSpecifier::toString).toList();
        return key(r.name(), r.extras(), clauses, r.url().isPresent(), extra);
    }

    /** A {@code requires-dist} entry of the lock, as compared. */
    private static String key(JsonNode entry) {
        List<String> extras = new ArrayList<>();
        entry.path("extras").forEach(e -> extras.add(Requirement.normalize(e.asText())));
        List<String> clauses = new ArrayList<>();
        for (String c : entry.path("specifier").asText("").split(",")) {
            if (!c.isBlank()) {
                clauses.add(c);
            }
        }
        boolean direct = entry.has("url") || entry.has("path") || entry.has("directory") || entry.has("editable") || entry.has("git");
        Matcher m = EXTRA.matcher(entry.path("marker").asText(""));
        return key(Requirement.normalize(entry.path("name").asText()), extras, clauses, direct, m.find() ? m.group(1) : "");
    }

    private static String key(String name, List<String> extras, List<String> clauses, boolean direct, String extra) {
        Set<String> sortedClauses = new TreeSet<>();
        clauses.forEach(c -> sortedClauses.add(c.replaceAll("\\s+", "")));
        Set<String> sortedExtras = new TreeSet<>(extras);
        return name + (sortedExtras.isEmpty() ? "" : "[" + String.join(",", sortedExtras) + "]") + String.join(",", sortedClauses)
                + (direct ? " @ (path or url)" : "") + (extra.isEmpty() ? "" : " (extra " + Requirement.normalize(extra) + ")");
    }
}
