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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code poetry.lock}: its {@code [[package]]} entries (version, {@code files} with hashes, dependencies with markers and
 * optional flags), walked from the project's own requirements ({@code [project]} for poetry 2, {@code [tool.poetry]} for
 * poetry 1) so that optional packages, extras and groups not asked for, and what the markers exclude here, stay out.
 * Drift is poetry's own check: {@code [metadata].content-hash} against {@link PoetryContentHash}.
 */
final class PoetryLock {

    /** One dependency edge: a name, the extras it asks of that package, its marker (empty when none). */
    private record Edge(String name, Set<String> extras, String marker) {
    }

    private PoetryLock() {
    }

    static ProjectLock read(Path lock, PyProject pyproject, Set<String> extras, Set<String> groups, Map<String, String> environment,
            boolean checkDrift) {
        JsonNode root = ProjectFiles.toml(lock);
        if (checkDrift) {
            String recorded = root.path("metadata").path("content-hash").asText("");
            if (!PoetryContentHash.candidates(pyproject.root()).contains(recorded)) {
                throw ProjectLock.drift(lock, pyproject, "its content-hash " + (recorded.isEmpty() ? "is missing" : recorded)
                        + " is not the hash of the project's dependencies now, " + PoetryContentHash.of(pyproject.root(), true), "poetry lock");
            }
        }
        Map<String, JsonNode> byName = new HashMap<>();
        root.path("package").forEach(p -> byName.put(Requirement.normalize(p.path("name").asText()), p));
        Deque<Edge> edges = new ArrayDeque<>(rootEdges(pyproject, extras, groups));
        Map<String, LockedPackage> result = new LinkedHashMap<>();
        Map<String, Set<String>> seen = new HashMap<>();
        while (!edges.isEmpty()) {
            Edge edge = edges.pop();
            if (excluded(edge.marker(), environment)) {
                continue;
            }
            String name = Requirement.normalize(edge.name());
            JsonNode p = byName.get(name);
            if (p == null) {
                throw ProjectFiles.malformed(lock, lock + ": the project depends on '" + edge.name() + "' but the lock has no [[package]] for it;"
                        + " run 'poetry lock'.", null);
            }
            Set<String> done = seen.computeIfAbsent(name, k -> new HashSet<>());
            boolean first = done.add("");
            Set<String> newExtras = new HashSet<>();
            edge.extras().forEach(e -> {
                if (done.add(Requirement.normalize(e))) {
                    newExtras.add(Requirement.normalize(e));
                }
            });
            if (first) {
                result.put(name, locked(lock, p, environment));
            }
            // A package's optional dependencies come in only through the extras asked of it.
            Set<String> activated = new HashSet<>();
            p.path("extras").fields().forEachRemaining(e -> {
                if (newExtras.contains(Requirement.normalize(e.getKey()))) {
                    e.getValue().forEach(d -> activated.add(Requirement.normalize(d.asText().split("[\\s(\\[<>=!~;]", 2)[0])));
                }
            });
            p.path("dependencies").fields().forEachRemaining(e -> {
                List<JsonNode> constraints = new ArrayList<>();
                if (e.getValue().isArray()) {
                    e.getValue().forEach(constraints::add);
                } else {
                    constraints.add(e.getValue());
                }
                for (JsonNode c : constraints) {
                    boolean optional = c.path("optional").asBoolean(false);
                    String dep = Requirement.normalize(e.getKey());
                    if ((optional && activated.contains(dep)) || (!optional && first)) {
                        Set<String> depExtras = new HashSet<>();
                        c.path("extras").forEach(x -> depExtras.add(x.asText()));
                        // The marker's extra refers to the extras asked of the dependent package.
                        edges.add(new Edge(e.getKey(), depExtras, withExtras(c.path("markers").asText(""), newExtras)));
                    }
                }
            });
        }
        return new ProjectLock(lock, List.copyOf(result.values()));
    }

    /** The project's direct requirements: PEP 621 tables (poetry 2) and [tool.poetry] (poetry 1, and poetry 2's groups). */
    private static List<Edge> rootEdges(PyProject pyproject, Set<String> extras, Set<String> groups) {
        List<Edge> edges = new ArrayList<>();
        JsonNode poetry = pyproject.root().path("tool").path("poetry");
        boolean pep621 = pyproject.root().path("project").has("dependencies");
        List<Requirement> declared = new ArrayList<>(pyproject.dependencies());
        extras.stream().filter(e -> pep621 || pyproject.extraNames().contains(Requirement.normalize(e))).forEach(e -> declared.addAll(pyproject.extra(e)));
        Set<String> poetryGroups = new HashSet<>();
        poetry.path("group").fieldNames().forEachRemaining(g -> poetryGroups.add(Requirement.normalize(g)));
        for (String g : groups) {
            if (poetryGroups.contains(Requirement.normalize(g))) {
                poetry.path("group").fields().forEachRemaining(e -> {
                    if (Requirement.normalize(e.getKey()).equals(Requirement.normalize(g))) {
                        e.getValue().path("dependencies").fields().forEachRemaining(d -> edges.add(poetryEdge(d.getKey(), d.getValue())));
                    }
                });
            } else {
                declared.addAll(pyproject.group(g));
            }
        }
        declared.forEach(r -> edges.add(new Edge(r.name(), Set.copyOf(r.extras()), r.marker().orElse(""))));
        if (!pep621) {
            Set<String> inExtras = new HashSet<>();
            poetry.path("extras").fields().forEachRemaining(e -> {
                if (extras.stream().anyMatch(x -> Requirement.normalize(x).equals(Requirement.normalize(e.getKey())))) {
                    e.getValue().forEach(n -> inExtras.add(Requirement.normalize(n.asText())));
                }
            });
            poetry.path("dependencies").fields().forEachRemaining(d -> {
                boolean optional = d.getValue().path("optional").asBoolean(false);
                if (!d.getKey().equals("python") && (!optional || inExtras.contains(Requirement.normalize(d.getKey())))) {
                    edges.add(poetryEdge(d.getKey(), d.getValue()));
                }
            });
        }
        return edges;
    }

    private static Edge poetryEdge(String name, JsonNode spec) {
        Set<String> extras = new HashSet<>();
        spec.path("extras").forEach(x -> extras.add(x.asText()));
        return new Edge(name, extras, spec.path("markers").asText(""));
    }

    private static String withExtras(String marker, Set<String> extras) {
        return marker.isBlank() || extras.isEmpty() ? marker : marker + "\u0000" + String.join(",", extras);
    }

    /** A marker false here, for every extra the dependent package was asked for (none: {@code extra == ""}). */
    private static boolean excluded(String marker, Map<String, String> environment) {
        if (marker.isBlank()) {
            return false;
        }
        String[] parts = marker.split("\u0000", 2);
        List<String> extras = parts.length > 1 ? List.of(parts[1].split(",")) : List.of("");
        var parsed = Pep508Parser.parseMarker(parts[0]);
        for (String extra : extras) {
            Map<String, String> env = new HashMap<>(environment);
            env.put("extra", extra);
            if (!parsed.evaluate(env).equals(Optional.of(false))) {
                return false;
            }
        }
        return true;
    }

    private static LockedPackage locked(Path lock, JsonNode p, Map<String, String> environment) {
        String name = p.path("name").asText();
        String version = p.path("version").asText("");
        String entry = lock + ", [[package]] " + name + " " + version;
        JsonNode source = p.path("source");
        String type = source.path("type").asText("");
        if (type.equals("directory") || type.equals("file")) {
            return new LockedPackage(name, version, List.of(), Optional.of(lock.getParent().resolve(source.path("url").asText()).normalize()), entry);
        }
        if (!type.isEmpty() && !type.equals("legacy")) {
            throw ProjectFiles.malformed(lock, entry + ": the source type '" + type + "' is not supported; only index and directory "
                    + "packages can be installed from a poetry.lock here.", null);
        }
        if (version.isEmpty()) {
            throw ProjectFiles.malformed(lock, entry + ": no version; a lock must pin every package.", null);
        }
        List<String> hashes = new ArrayList<>();
        List<String> wheels = new ArrayList<>();
        boolean sdist = false;
        for (JsonNode f : p.path("files")) {
            String file = f.path("file").asText("");
            String hash = f.path("hash").asText("");
            if (hash.startsWith("sha256:")) {
                hashes.add(hash.substring(7));
            }
            if (file.endsWith(".whl")) {
                wheels.add(file);
            } else {
                sdist = true;
            }
        }
        if (!sdist && !wheels.isEmpty() && !WheelTags.anyFits(wheels, environment)) {
            throw new PackagesException(PackagesException.Reason.REQUIREMENTS_FILE, lock.toString(), entry + ": no wheel for this platform ("
                    + environment.get("sys_platform") + " " + environment.get("platform_machine") + ", Python "
                    + environment.get("python_version") + ") and no sdist; locked wheels: " + wheels + ".");
        }
        return new LockedPackage(name, version, hashes, Optional.empty(), entry);
    }
}
