package io.beep.python.packages.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Poetry's {@code [metadata].content-hash} of a {@code pyproject.toml}, byte for byte as poetry computes it
 * ({@code poetry/packages/locker.py}, {@code Locker._get_content_hash}, poetry 2.5):
 * {@code sha256(json.dumps(relevant_content, sort_keys=True).encode())} where the relevant content is
 * {@code [project]}'s requires-python, dependencies and optional-dependencies, {@code [dependency-groups]}, and
 * {@code [tool.poetry]}'s dependencies, source, extras, dev-dependencies and group. Poetry before 2.3 left the
 * dependency groups out; {@link #candidates} gives both, as poetry itself accepts a lock it wrote before 2.3.
 */
final class PoetryContentHash {

    private static final List<String> LEGACY_KEYS = List.of("dependencies", "source", "extras", "dev-dependencies");
    private static final List<String> RELEVANT_KEYS = List.of("dependencies", "source", "extras", "dev-dependencies", "group");
    private static final List<String> PROJECT_KEYS = List.of("requires-python", "dependencies", "optional-dependencies");

    private PoetryContentHash() {
    }

    /** The hash with the dependency groups (poetry 2.3 and later) and without (earlier poetry). */
    static List<String> candidates(JsonNode pyproject) {
        return List.of(of(pyproject, true), of(pyproject, false));
    }

    static String of(JsonNode pyproject, boolean withDependencyGroups) {
        JsonNode project = pyproject.path("project");
        JsonNode groups = withDependencyGroups ? pyproject.path("dependency-groups") : JsonNodeFactory.instance.objectNode();
        boolean hasGroups = groups.isObject() && !groups.isEmpty();
        JsonNode poetry = pyproject.path("tool").path("poetry");
        Map<String, JsonNode> relevantProject = new TreeMap<>();
        for (String key : PROJECT_KEYS) {
            if (project.has(key) && !project.get(key).isNull()) {
                relevantProject.put(key, project.get(key));
            }
        }
        ObjectNode relevantPoetry = JsonNodeFactory.instance.objectNode();
        for (String key : RELEVANT_KEYS) {
            JsonNode data = poetry.get(key);
            // Python: data is None and (key not in legacy_keys or relevant_project_content or group_content) -> skip
            if (data == null && (!LEGACY_KEYS.contains(key) || !relevantProject.isEmpty() || hasGroups)) {
                continue;
            }
            relevantPoetry.set(key, data == null ? JsonNodeFactory.instance.nullNode() : data);
        }
        ObjectNode relevant = JsonNodeFactory.instance.objectNode();
        if (!relevantProject.isEmpty()) {
            ObjectNode p = relevant.putObject("project");
            relevantProject.forEach(p::set);
        }
        if (hasGroups) {
            relevant.set("dependency-groups", groups);
        }
        JsonNode content;
        if (!relevant.isEmpty()) {
            relevant.putObject("tool").set("poetry", relevantPoetry);
            content = relevant;
        } else {
            content = relevantPoetry;
        }
        StringBuilder json = new StringBuilder();
        PythonJson.dump(content, json);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
