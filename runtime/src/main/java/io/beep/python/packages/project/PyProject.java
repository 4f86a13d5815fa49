package io.beep.python.packages.project;

import io.beep.python.packages.PackagesException;
import io.beep.python.packages.Requirement;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A project's {@code pyproject.toml}: its {@code [project].dependencies}, {@code [project.optional-dependencies]}
 * and PEP 735 {@code [dependency-groups]}, every entry validated as PEP 508 with the file and the entry in the message.
 */
public final class PyProject {

    private final Path file;
    private final JsonNode root;

    private PyProject(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /** Reads {@code file}; a malformed one is a {@code REQUIREMENTS_FILE} error naming it (and the line when known). */
    public static PyProject read(Path file) {
        return new PyProject(file, ProjectFiles.toml(file));
    }

    public Path file() {
        return file;
    }

    JsonNode root() {
        return root;
    }

    /** {@code [project].name}, normalized. */
    public Optional<String> name() {
        String name = root.path("project").path("name").asText("");
        return name.isBlank() ? Optional.empty() : Optional.of(Requirement.normalize(name));
    }

    /** {@code [project].dependencies}. */
    public List<Requirement> dependencies() {
        return list(root.path("project").path("dependencies"), "[project].dependencies");
    }

    /** The extras {@code [project.optional-dependencies]} declares, normalized. */
    public Set<String> extraNames() {
        Set<String> names = new TreeSet<>();
        root.path("project").path("optional-dependencies").fieldNames().forEachRemaining(n -> names.add(Requirement.normalize(n)));
        return names;
    }

    /** {@code [project.optional-dependencies].extra}; an extra the file does not declare is an error naming both. */
    public List<Requirement> extra(String extra) {
        JsonNode all = root.path("project").path("optional-dependencies");
        for (Iterator<Map.Entry<String, JsonNode>> it = all.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (Requirement.normalize(e.getKey()).equals(Requirement.normalize(extra))) {
                return list(e.getValue(), "[project.optional-dependencies]." + e.getKey());
            }
        }
        throw new PackagesException(PackagesException.Reason.REQUIREMENTS_FILE, file.toString(), file + " declares no extra '" + extra
                + "' in [project.optional-dependencies]; declared: " + extraNames() + ".");
    }

    /** The groups {@code [dependency-groups]} declares, as written. */
    public Set<String> groupNames() {
        Set<String> names = new TreeSet<>();
        root.path("dependency-groups").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * A PEP 735 dependency group with its {@code {include-group = "..."}} entries expanded; an unknown group or a
     * cycle of includes is an error naming the file and the group.
     */
    public List<Requirement> group(String group) {
        return group(group, new LinkedHashSet<>());
    }

    private List<Requirement> group(String group, Set<String> path) {
        Map<String, String> declared = new LinkedHashMap<>();
        groupNames().forEach(n -> declared.put(Requirement.normalize(n), n));
        String key = declared.get(Requirement.normalize(group));
        if (key == null) {
            throw new PackagesException(PackagesException.Reason.REQUIREMENTS_FILE, file.toString(), file + " declares no dependency group '"
                    + group + "' in [dependency-groups]; declared: " + groupNames() + ".");
        }
        if (!path.add(Requirement.normalize(key))) {
            throw new PackagesException(PackagesException.Reason.REQUIREMENTS_FILE, file.toString(), file + ": the dependency group '" + key
                    + "' includes itself (" + String.join(" -> ", path) + " -> " + key + ").");
        }
        List<Requirement> requirements = new ArrayList<>();
        String entry = "[dependency-groups]." + key;
        JsonNode items = root.path("dependency-groups").path(key);
        if (!items.isArray()) {
            throw new PackagesException(PackagesException.Reason.REQUIREMENTS_FILE, file.toString(), file + ", " + entry + ": expected a list.");
        }
        for (JsonNode item : items) {
            if (item.isTextual()) {
                requirements.add(ProjectFiles.requirement(file, entry, item.asText()));
            } else if (item.isObject() && item.path("include-group").isTextual()) {
                requirements.addAll(group(item.path("include-group").asText(), path));
            } else {
                throw new PackagesException(PackagesException.Reason.REQUIREMENTS_FILE, file.toString(), file + ", " + entry
                        + ": '" + item + "' is neither a requirement nor {include-group = \"...\"}.");
            }
        }
        path.remove(Requirement.normalize(key));
        return requirements;
    }

    /**
     * What the project asks for: its dependencies, the named extras and the named groups. A group poetry declares in
     * {@code [tool.poetry.group.NAME]}, an extra in {@code [tool.poetry.extras]}, is poetry's syntax, not PEP 508: it comes from {@code poetry.lock} and adds nothing here.
     */
    public List<Requirement> requirements(Set<String> extras, Set<String> groups) {
        List<Requirement> all = new ArrayList<>(dependencies());
        Set<String> poetryExtras = new TreeSet<>();
        root.path("tool").path("poetry").path("extras").fieldNames().forEachRemaining(n -> poetryExtras.add(Requirement.normalize(n)));
        for (String e : extras) {
            // Poetry 1 declares extras in [tool.poetry.extras] over its own dependency syntax: poetry.lock resolves them.
            if (extraNames().contains(Requirement.normalize(e)) || !poetryExtras.contains(Requirement.normalize(e))) {
                all.addAll(extra(e));
            }
        }
        Set<String> declared = new TreeSet<>();
        groupNames().forEach(g -> declared.add(Requirement.normalize(g)));
        for (String g : groups) {
            if (declared.contains(Requirement.normalize(g)) || !poetryGroupNames().contains(Requirement.normalize(g))) {
                all.addAll(group(g));
            }
        }
        return all;
    }

    /** The groups {@code [tool.poetry.group]} declares, normalized. */
    public Set<String> poetryGroupNames() {
        Set<String> names = new TreeSet<>();
        root.path("tool").path("poetry").path("group").fieldNames().forEachRemaining(n -> names.add(Requirement.normalize(n)));
        return names;
    }

    private List<Requirement> list(JsonNode items, String entry) {
        if (items.isMissingNode()) {
            return List.of();
        }
        if (!items.isArray()) {
            throw new PackagesException(PackagesException.Reason.REQUIREMENTS_FILE, file.toString(), file + ", " + entry + ": expected a list.");
        }
        List<Requirement> requirements = new ArrayList<>();
        items.forEach(i -> requirements.add(ProjectFiles.requirement(file, entry, i.asText())));
        return requirements;
    }
}
