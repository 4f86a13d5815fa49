package io.beep.python.packages.project;

import io.beep.python.packages.PackagesException;
import io.beep.python.packages.Requirement;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading a project's files (TOML, JSON) so that every problem names the file, and the line when the parser knows it. */
final class ProjectFiles {

    private static final TomlMapper TOML = new TomlMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProjectFiles() {
    }

    static JsonNode toml(Path file) {
        return read(file, true);
    }

    static JsonNode json(Path file) {
        return read(file, false);
    }

    private static JsonNode read(Path file, boolean toml) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw malformed(file, "Cannot read " + file + ": " + e.getMessage() + ".", e);
        }
        try {
            JsonNode root = (toml ? TOML : JSON).readTree(text);
            if (root == null || !root.isObject()) {
                throw malformed(file, file + " is empty or not a " + (toml ? "TOML" : "JSON") + " document.", null);
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String line = at != null && at.getLineNr() > 0 ? " at line " + at.getLineNr() : "";
            throw malformed(file, file + " is not valid " + (toml ? "TOML" : "JSON") + line + ": " + e.getOriginalMessage() + ".", e);
        }
    }

    static PackagesException malformed(Path file, String message, Throwable cause) {
        return new PackagesException(PackagesException.Reason.REQUIREMENTS_FILE, file.toString(), message, cause);
    }

    /** {@code text} as a PEP 508 requirement; a bad one names the file and the entry holding it. */
    static Requirement requirement(Path file, String entry, String text) {
        try {
            return Requirement.parse(text);
        } catch (PackagesException e) {
            throw new PackagesException(PackagesException.Reason.INVALID_REQUIREMENT, e.input().orElse(text),
                    file + ", " + entry + ": " + e.getMessage(), e);
        }
    }
}
