package io.beep.python.packages.project;

import io.beep.python.packages.PackagesException;
import io.beep.python.packages.Requirement;
import io.beep.python.packages.pep508.Pep508Parser;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code uv.lock}, read directly rather than through {@code uv export}: the lock's own data (versions, the sdist and wheel
 * hashes, the dependency edges with their markers and extras) is all an exact install needs, reading it starts no
 * process and needs no uv where pip installs, and the walk from the project's root package is the same one uv makes
 * for {@code uv sync --frozen}: a dependency whose marker is false here, an extra or a group not asked for, stays out.
 */
final class UvLock {

    private UvLock() {
    }

    static ProjectLock read(Path lock, PyProject pyproject, Set<String> extras, Set<String> groups, Map<String, String> environment,
            boolean checkDrift) {
        JsonNode root = ProjectFiles.toml(lock);
        Map<String, List<JsonNode>> byName = new HashMap<>();
        JsonNode project = null;
        for (JsonNode p : root.path("package")) {
            byName.computeIfAbsent(Requirement.normalize(p.path("name").asText()), n -> new ArrayList<>()).add(p);
            JsonNode source = p.path("source");
            boolean isRoot = ".".equals(source.path("editable").asText(null)) || ".".equals(source.path("virtual").asText(null));
            if (isRoot || (project == null && pyproject.name().map(n -> n.equals(Requirement.normalize(p.path("name").asText()))).orElse(false))) {
                project = p;
            }
        }
        if (project == null) {
            throw ProjectFiles.malformed(lock, lock + " has no [[package]] entry for the project " + pyproject.name().orElse("(unnamed)")
                    + " of " + pyproject.file() + " (source = { editable = \".\" } or { virtual = \".\" }).", null);
        }
        if (checkDrift) {
            UvDrift.check(lock, pyproject, project);
        }
        Map<String, String> noExtra = new HashMap<>(environment);
        noExtra.put("extra", "");
        Map<String, LockedPackage> result = new LinkedHashMap<>();
        Map<JsonNode, Set<String>> seen = new java.util.IdentityHashMap<>();
        Deque<JsonNode> edges = new ArrayDeque<>();
        project.path("dependencies").forEach(edges::add);
        String projectEntry = "[[package]] " + project.path("name").asText();
        for (String extra : extras) {
            JsonNode deps = member(project.path("optional-dependencies"), extra);
            if (deps == null) {
                throw ProjectFiles.malformed(lock, lock + ", " + projectEntry + ": no optional-dependencies '" + extra + "'; run 'uv lock'.", null);
            }
            deps.forEach(edges::add);
        }
        for (String group : groups) {
            JsonNode deps = member(project.path("dev-dependencies"), group);
            if (deps == null) {
                throw ProjectFiles.malformed(lock, lock + ", " + projectEntry + ": no dependency group '" + group + "'; run 'uv lock'.", null);
            }
            deps.forEach(edges::add);
        }
        while (!edges.isEmpty()) {
            JsonNode edge = edges.pop();
            String marker = edge.path("marker").asText("");
            if (!marker.isBlank() && Pep508Parser.parseMarker(marker).evaluate(noExtra).equals(Optional.of(false))) {
                continue;
            }
            JsonNode p = resolve(lock, byName, edge, environment);
            Set<String> done = seen.computeIfAbsent(p, k -> new java.util.HashSet<>());
            if (done.add("")) {
                if (p != project) {
                    result.put(Requirement.normalize(p.path("name").asText()), locked(lock, p, environment));
                }
                p.path("dependencies").forEach(edges::add);
            }
            for (JsonNode extra : edge.path("extra")) {
                if (done.add(Requirement.normalize(extra.asText()))) {
                    JsonNode deps = member(p.path("optional-dependencies"), extra.asText());
                    if (deps != null) {
                        deps.forEach(edges::add);
                    }
                }
            }
        }
        return new ProjectLock(lock, List.copyOf(result.values()));
    }

    private static JsonNode member(JsonNode table, String name) {
        for (var it = table.fields(); it.hasNext();) {
            var e = it.next();
            if (Requirement.normalize(e.getKey()).equals(Requirement.normalize(name))) {
                return e.getValue();
            }
        }
        return null;
    }

    /** The package an edge names: by its version when the lock holds several (a forked resolution), else by resolution markers. */
    private static JsonNode resolve(Path lock, Map<String, List<JsonNode>> byName, JsonNode edge, Map<String, String> environment) {
        String name = edge.path("name").asText();
        List<JsonNode> candidates = byName.getOrDefault(Requirement.normalize(name), List.of());
        if (candidates.isEmpty()) {
            throw ProjectFiles.malformed(lock, lock + ": a dependency on '" + name + "' has no [[package]] entry; run 'uv lock'.", null);
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        String version = edge.path("version").asText("");
        for (JsonNode c : candidates) {
            if (!version.isEmpty() && c.path("version").asText().equals(version)) {
                return c;
            }
        }
        for (JsonNode c : candidates) {
            for (JsonNode m : c.path("resolution-markers")) {
                if (Pep508Parser.parseMarker(m.asText()).evaluate(environment).equals(Optional.of(true))) {
                    return c;
                }
            }
        }
        return candidates.get(0);
    }

    private static LockedPackage locked(Path lock, JsonNode p, Map<String, String> environment) {
        String name = p.path("name").asText();
        String version = p.path("version").asText("");
        String entry = "[[package]] " + name + " " + version;
        JsonNode source = p.path("source");
        for (String local : List.of("directory", "editable", "virtual")) {
            if (source.has(local)) {
                return new LockedPackage(name, version, List.of(), Optional.of(lock.getParent().resolve(source.path(local).asText()).normalize()),
                        lock + ", " + entry);
            }
        }
        if (!source.has("registry")) {
            throw ProjectFiles.malformed(lock, lock + ", " + entry + ": the source " + source + " is not supported; only registry and "
                    + "directory packages can be installed from a uv.lock here.", null);
        }
        if (version.isEmpty()) {
            throw ProjectFiles.malformed(lock, lock + ", " + entry + ": no version; a lock must pin every package.", null);
        }
        List<String> hashes = new ArrayList<>();
        List<String> wheels = new ArrayList<>();
        List<LockedPackage.File> files = new ArrayList<>();
        if (p.has("sdist")) {
            hash(p.path("sdist")).ifPresent(hashes::add);
            file(p.path("sdist"), false).ifPresent(files::add);
        }
        for (JsonNode w : p.path("wheels")) {
            hash(w).ifPresent(hashes::add);
            String url = w.path("url").asText(w.path("filename").asText(""));
            wheels.add(url.substring(url.lastIndexOf('/') + 1));
            file(w, true).ifPresent(files::add);
        }
        if (!p.has("sdist") && !wheels.isEmpty() && !WheelTags.anyFits(wheels, environment)) {
            throw new PackagesException(PackagesException.Reason.REQUIREMENTS_FILE, lock.toString(), lock + ", " + entry
                    + ": no wheel for this platform (" + environment.get("sys_platform") + " " + environment.get("platform_machine")
                    + ", Python " + environment.get("python_version") + ") and no sdist; locked wheels: " + wheels + ".");
        }
        return new LockedPackage(name, version, hashes, Optional.empty(), lock + ", " + entry, files);
    }

    /** A file with its URL and sha256, as the venv's lock records it; empty for one uv gives neither (a local path). */
    private static Optional<LockedPackage.File> file(JsonNode file, boolean wheel) {
        String url = file.path("url").asText("");
        Optional<String> sha256 = hash(file);
        if (url.isEmpty() || sha256.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new LockedPackage.File(url.substring(url.lastIndexOf('/') + 1), Optional.of(url), sha256.get(), wheel));
    }

    private static Optional<String> hash(JsonNode file) {
        String hash = file.path("hash").asText("");
        return hash.startsWith("sha256:") ? Optional.of(hash.substring("sha256:".length())) : Optional.empty();
    }
}
