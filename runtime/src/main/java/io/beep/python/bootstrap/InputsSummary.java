package io.beep.python.bootstrap;

import io.beep.python.Secrets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A readable, masked summary of what an environment asks for (version, interpreter, profiles, packages,
 * requirements file, project): kept in the venv's marker, so that an application refused a venv path another one uses
 * can be told what each of them asked for. Credentials in requirement URLs are masked; index URLs are left out.
 */
final class InputsSummary {

    private static final int MAX_PACKAGES = 20;

    private InputsSummary() {
    }

    static String of(BootstrapOptions options) {
        List<String> parts = new ArrayList<>();
        parts.add("Python " + options.pythonVersion() + options.interpreter().map(p -> " at " + p).orElse(""));
        if (!options.effectiveProfiles().isEmpty()) {
            parts.add("profiles " + String.join(", ", options.effectiveProfiles()));
        }
        if (!options.packages().isEmpty()) {
            List<String> shown = options.packages().size() > MAX_PACKAGES ? options.packages().subList(0, MAX_PACKAGES) : options.packages();
            parts.add("packages " + String.join(", ", shown)
                    + (shown.size() < options.packages().size() ? " and " + (options.packages().size() - shown.size()) + " more" : ""));
        }
        options.requirementsFile().map(Path::toString).ifPresent(file -> parts.add("requirements file " + file));
        options.project().ifPresent(project -> parts.add("project " + project.directory()
                + (project.extras().isEmpty() ? "" : " extras " + String.join(", ", project.extras()))
                + (project.groups().isEmpty() ? "" : " groups " + String.join(", ", project.groups()))
                + (project.installProject() ? (project.editable() ? " installed editable" : " installed") : "")));
        options.bakedRoot().ifPresent(root -> parts.add("baked at " + root));
        return Secrets.mask(String.join("; ", parts));
    }
}
