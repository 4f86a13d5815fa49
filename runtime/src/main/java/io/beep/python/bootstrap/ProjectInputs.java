package io.beep.python.bootstrap;

import io.beep.python.fs.Digests;
import io.beep.python.packages.PythonProject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a {@link PythonProject} contributes to an environment's identity: the bytes of its
 * {@code pyproject.toml} and of every lock present (by name, so adding, removing or editing a lock
 * counts), the extras, the groups and the flags. Bytes, not stats: the warm marker, the venv key and
 * a baked environment must all see a changed lock, and a copy of the same project (a packaged
 * application's unpacked {@code src/main/python}) must look the same as its source. The files are small;
 * reading them costs no process, parsing them is the cold path's job.
 * <p>
 * The directory counts only when the project itself is installed: an editable install points at it, and a
 * plain one was built from it; otherwise two copies of the same project install the same set.
 */
final class ProjectInputs {

    private ProjectInputs() {
    }

    /** A digest of the project's inputs; empty text for no project. */
    static String digest(Optional<PythonProject> project) {
        return project.map(p -> digest(p, p.installProject())).orElse("");
    }

    /** Without the directory whatever the flags: a baked environment is matched against a copy of the project it was built from. */
    static String contentDigest(Optional<PythonProject> project) {
        return project.map(p -> digest(p, false)).orElse("");
    }

    private static String digest(PythonProject project, boolean withDirectory) {
        StringBuilder text = new StringBuilder("project\n");
        text.append(withDirectory ? project.directory().toString() : "").append('\n');
        text.append(String.join(",", project.extras())).append('\n');
        text.append(String.join(",", project.groups())).append('\n');
        text.append(project.lockCheck()).append(',').append(project.installProject()).append(',').append(project.editable()).append('\n');
        for (Path file : project.inputFiles()) {
            text.append(file.getFileName()).append('=').append(contentDigest(file)).append('\n');
        }
        return Digests.shortHex(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A missing or unreadable file digests as such; the cold path then says what is wrong with it, naming it. */
    private static String contentDigest(Path file) {
        try {
            return Digests.sha256Hex(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return "absent";
        } catch (IOException e) {
            return "unreadable " + e.getClass().getSimpleName();
        }
    }
}
