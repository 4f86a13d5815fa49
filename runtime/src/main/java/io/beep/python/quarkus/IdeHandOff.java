package io.beep.python.quarkus;

import io.beep.python.fs.AtomicFiles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Dev mode only ({@code beep.python.dev.ide}): hands the default environment's interpreter to the developer's IDE once it
 * is ready, so that nobody has to fish the path out of the log. It prints one line with the path (what IntelliJ and
 * PyCharm users paste) and merges {@code python.defaultInterpreterPath} into VS Code's {@code .vscode/settings.json},
 * keeping every other key and their order, replacing the file atomically. A settings file with comments or trailing
 * commas (VS Code allows both) is never rewritten, as Jackson would drop the comments: the line says what to set instead.
 */
final class IdeHandOff {

    /** What {@link #handOff} did with the settings file. */
    enum Outcome {
        WRITTEN, ALREADY_SET, NO_VSCODE_FOLDER, NOT_REWRITTEN, OFF
    }

    static final String KEY = "python.defaultInterpreterPath";

    private static final Logger LOG = Logger.getLogger(IdeHandOff.class);
    private static final ObjectMapper STRICT = JsonMapper.builder().build();
    private static final ObjectMapper LENIENT = JsonMapper.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA).build();

    private final DevIde mode;
    private final Path projectDirectory;

    /** @param projectDirectory where {@code quarkus:dev} runs: the project, or a module of it (then its parents are looked at) */
    IdeHandOff(DevIde mode, Path projectDirectory) {
        this.mode = mode;
        this.projectDirectory = projectDirectory.toAbsolutePath().normalize();
    }

    /** Says where the interpreter is and, as the mode allows, writes it for VS Code. Never fails the application. */
    Outcome handOff(String environment, Path interpreter) {
        if (mode == DevIde.OFF) {
            return Outcome.OFF;
        }
        Optional<Path> folder = vscodeFolder();
        Outcome outcome;
        String note;
        try {
            if (folder.isEmpty() && mode == DevIde.AUTO) {
                outcome = Outcome.NO_VSCODE_FOLDER;
                note = "";
            } else {
                Path settings = folder.orElse(projectDirectory.resolve(".vscode")).resolve("settings.json");
                outcome = merge(settings, interpreter);
                note = switch (outcome) {
                    case WRITTEN -> "; written to " + settings;
                    case ALREADY_SET -> "; already in " + settings;
                    case NOT_REWRITTEN -> "; " + settings + " has comments or trailing commas and was left as it is: set " + KEY
                            + " there";
                    default -> "";
                };
            }
        } catch (IOException | RuntimeException e) {
            outcome = Outcome.NOT_REWRITTEN;
            note = "; could not update the VS Code settings: " + e.getMessage();
        }
        LOG.infof("Python interpreter of environment '%s' for your IDE: %s%s", environment, interpreter, note);
        return outcome;
    }

    /**
     * The nearest {@code .vscode/} from the project directory up to its repository's root (the folder with {@code .git}).
     * Outside a repository only the project directory counts: walking on up would reach {@code ~/.vscode}, VS Code's own
     * folder of extensions, and write a settings file there that no project of the user's asked for.
     */
    Optional<Path> vscodeFolder() {
        Optional<Path> root = Optional.empty();
        for (Path dir = projectDirectory; dir != null && root.isEmpty(); dir = dir.getParent()) {
            root = Files.exists(dir.resolve(".git")) ? Optional.of(dir) : root;
        }
        Path top = root.orElse(projectDirectory);
        for (Path dir = projectDirectory; dir != null && dir.startsWith(top); dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(".vscode"))) {
                return Optional.of(dir.resolve(".vscode"));
            }
        }
        return Optional.empty();
    }

    static Outcome merge(Path settings, Path interpreter) throws IOException {
        String value = interpreter.toString();
        ObjectNode root;
        if (Files.exists(settings)) {
            String text = Files.readString(settings, StandardCharsets.UTF_8);
            JsonNode parsed;
            try {
                parsed = text.isBlank() ? STRICT.createObjectNode() : STRICT.readTree(text);
            } catch (JsonProcessingException strictFailed) {
                // Comments or trailing commas: readable, but a rewrite would lose the comments.
                JsonNode lenient = LENIENT.readTree(text);
                return lenient.path(KEY).asText("").equals(value) ? Outcome.ALREADY_SET : Outcome.NOT_REWRITTEN;
            }
            if (!(parsed instanceof ObjectNode object)) {
                throw new IOException(settings + " does not hold a JSON object");
            }
            root = object;
            if (value.equals(root.path(KEY).asText(null))) {
                return Outcome.ALREADY_SET;
            }
        } else {
            Files.createDirectories(settings.getParent());
            root = STRICT.createObjectNode();
        }
        root.put(KEY, value); // an existing key keeps its place; a new one goes last
        AtomicFiles.write(settings, STRICT.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
        return Outcome.WRITTEN;
    }
}
