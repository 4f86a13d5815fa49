package io.beep.python.packages;

import io.beep.python.fs.AtomicFiles;
import io.beep.python.fs.Digests;
import io.beep.python.fs.HomeLayout;
import io.beep.python.process.InterProcessLock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads and writes {@code ${home}/package-requirements.json}. Writes are atomic (temp file and
 * rename) under a file lock ({@code ${home}/locks/package-requirements.lock}) so two processes
 * never interleave a read-modify-write.
 * <p>
 * A default profile the user never touched is stored with {@code "shipped"}: the fingerprint of
 * the shipped definition it was written from. On load such a profile is refreshed to this
 * version's definition, so upgrades deliver new defaults; a profile whose content no longer
 * matches its fingerprint was edited by hand and is kept as written, as are the user's own
 * profiles. Deleted defaults are remembered in {@code "deletedDefaults"} so they stay deleted.
 */
final class ProfileStore {

    static final String SCHEMA_VERSION = "1.0";

    /**
     * The stored state: profiles in order, the default profiles the user deleted, and the names of
     * profiles stored as untouched defaults (refreshed to this version's definition on load).
     */
    record State(Map<String, PackageProfile> profiles, Set<String> deletedDefaults, Set<String> untouchedDefaults) {
        State {
            profiles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
            deletedDefaults = Set.copyOf(deletedDefaults);
            untouchedDefaults = Set.copyOf(untouchedDefaults);
        }

        State with(Map<String, PackageProfile> newProfiles, Set<String> newDeleted) {
            return new State(newProfiles, newDeleted, untouchedDefaults);
        }
    }

    /**
     * Made when the profiles file is first read or written, not when the class loads: a fresh JVM's first
     * {@code ObjectMapper} is costly, and a bootstrap that names no profile must not pay for it.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private final Path file;
    private final Path lockFile;
    private final List<PackageProfile> defaults;

    ProfileStore(Path home, List<PackageProfile> defaults) {
        this.file = HomeLayout.of(home).packageRequirementsJson();
        this.lockFile = HomeLayout.of(home).packageRequirementsLock();
        this.defaults = List.copyOf(defaults);
    }

    Path file() {
        return file;
    }

    /** The stored state with defaults merged in; writes the file only when it is missing or gains refreshed defaults. */
    State load() {
        if (!Files.exists(file)) {
            return update(state -> state);
        }
        State state = read();
        State merged = mergeDefaults(state);
        if (!merged.profiles().equals(state.profiles())) {
            return update(s -> s); // refreshed or new defaults: persist them
        }
        return merged;
    }

    /** Applies {@code change} to the stored state under the lock and writes the result atomically. */
    State update(UnaryOperator<State> change) {
        try (InterProcessLock ignored = InterProcessLock.acquire(lockFile)) {
            State current = mergeDefaults(Files.exists(file) ? read() : new State(Map.of(), Set.of(), Set.of()));
            State next = change.apply(current);
            write(next);
            return next;
        } catch (IOException e) {
            throw new PackagesException(PackagesException.Reason.INVALID_PROFILE, file.toString(),
                    "Cannot write profiles to " + file + ": " + e.getMessage() + ". Check that the directory is writable.", e);
        }
    }

    /** Adds this version's defaults: missing ones (unless deleted) and untouched ones refreshed to the current definition. */
    State mergeDefaults(State state) {
        Map<String, PackageProfile> merged = new LinkedHashMap<>();
        for (PackageProfile shipped : defaults) {
            PackageProfile stored = state.profiles().get(shipped.name());
            if (stored == null) {
                if (!state.deletedDefaults().contains(shipped.name())) {
                    merged.put(shipped.name(), shipped);
                }
            } else {
                merged.put(shipped.name(), state.untouchedDefaults().contains(shipped.name()) ? shipped : stored);
            }
        }
        state.profiles().forEach(merged::putIfAbsent);
        return new State(merged, state.deletedDefaults(), state.untouchedDefaults());
    }

    private State read() {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PackagesException(PackagesException.Reason.INVALID_PROFILE, file.toString(), "Cannot read profiles from " + file + ": "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage())
                    + ". Fix the JSON, or delete the file to get the default profiles back.", e);
        }
        if (root == null || !root.isObject()) {
            throw new PackagesException(PackagesException.Reason.INVALID_PROFILE, file.toString(),
                    "Cannot read profiles from " + file + ": expected a JSON object. Fix it, or delete the file to get the default profiles back.");
        }
        String schema = text(root, "schemaVersion", SCHEMA_VERSION);
        if (!schema.startsWith("1.") && !schema.equals("1")) {
            throw new PackagesException(PackagesException.Reason.INVALID_PROFILE, file.toString(), "Profiles in " + file + " use schemaVersion "
                    + schema + ", which this version does not understand (it reads 1.x). Upgrade, or move the file away.");
        }
        Map<String, PackageProfile> profiles = new LinkedHashMap<>();
        Set<String> untouched = new LinkedHashSet<>();
        JsonNode list = field(root, "profiles");
        if (list != null && list.isArray()) {
            list.forEach(node -> readProfile(node, null, profiles, untouched));
        } else if (list != null && list.isObject()) {
            // The C# original kept profiles as an object keyed by name.
            list.fields().forEachRemaining(e -> readProfile(e.getValue(), e.getKey(), profiles, untouched));
        }
        Set<String> deleted = new LinkedHashSet<>();
        JsonNode deletedNode = field(root, "deletedDefaults");
        if (deletedNode != null) {
            deletedNode.forEach(n -> deleted.add(n.asText()));
        }
        return new State(profiles, deleted, untouched);
    }

    private void readProfile(JsonNode node, String key, Map<String, PackageProfile> into, Set<String> untouched) {
        String name = text(node, "name", key);
        if (name == null || name.isBlank()) {
            throw new PackagesException(PackagesException.Reason.INVALID_PROFILE, file.toString(),
                    "A profile in " + file + " has no name. Give it a \"name\" or delete it.");
        }
        List<String> requirements = new ArrayList<>();
        JsonNode reqs = field(node, "requirements");
        if (reqs == null) {
            reqs = field(node, "packages");
        }
        if (reqs != null && reqs.isArray()) {
            reqs.forEach(r -> requirements.add(r.asText()));
        } else if (reqs != null && reqs.isObject()) {
            // {"numpy": ">=1.26", "pandas": ""} or {"numpy": "1.26.4"} (a bare version means ==).
            reqs.fields().forEachRemaining(e -> requirements.add(PackageRequirementsManager.requirementText(e.getKey(), e.getValue().asText())));
        }
        Map<String, String> indexes = new LinkedHashMap<>();
        JsonNode idx = field(node, "acceleratorIndexes");
        if (idx != null && idx.isObject()) {
            idx.fields().forEachRemaining(e -> indexes.put(e.getKey(), e.getValue().asText()));
        }
        PackageProfile profile = new PackageProfile(name, text(node, "description", ""), requirements, indexes);
        // Untouched: written from a shipped default and not edited since (the fingerprint still matches).
        if (fingerprint(profile).equals(text(node, "shipped", null))) {
            untouched.add(name);
        }
        into.put(name, profile);
    }

    private void write(State state) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        ArrayNode list = root.putArray("profiles");
        for (PackageProfile profile : state.profiles().values()) {
            ObjectNode node = list.addObject();
            node.put("name", profile.name());
            node.put("description", profile.description());
            ArrayNode reqs = node.putArray("requirements");
            profile.requirements().forEach(reqs::add);
            if (!profile.acceleratorIndexes().isEmpty()) {
                ObjectNode idx = node.putObject("acceleratorIndexes");
                profile.acceleratorIndexes().forEach(idx::put);
            }
            if (defaults.contains(profile)) {
                node.put("shipped", fingerprint(profile));
            }
        }
        ArrayNode deleted = root.putArray("deletedDefaults");
        state.deletedDefaults().forEach(deleted::add);
        AtomicFiles.write(file, Json.MAPPER.writeValueAsString(root) + "\n");
    }

    static String fingerprint(PackageProfile profile) {
        return Digests.shortHex(profile.name() + "\n" + profile.description() + "\n" + String.join("\n", profile.requirements())
                + "\n" + profile.acceleratorIndexes());
    }

    /** A field looked up case-insensitively, as the C# original wrote PascalCase names. */
    private static JsonNode field(JsonNode node, String name) {
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String candidate = it.next();
            if (candidate.equalsIgnoreCase(name)) {
                return node.get(candidate);
            }
        }
        return null;
    }

    private static String text(JsonNode node, String name, String fallback) {
        JsonNode value = field(node, name);
        return value == null || value.isNull() ? fallback : value.asText();
    }
}
