package io.beep.python.packages;

import io.beep.python.InstallResult;
import io.beep.python.process.Cancellation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@link PackageInstallers#installProject} installs a {@link PythonProject}.
 * Contract stub: reads {@code [project].dependencies} and the named extras only; locks, groups,
 * drift checks and the project's own install come with issue 32.
 */
final class ProjectInstall {

    private static final TomlMapper TOML = new TomlMapper();

    private ProjectInstall() {
    }

    static InstallResult install(PackageInstallers installers, Path python, Path sitePackages, PythonProject project, InstallerKind kind,
            PackageSources sources, Duration timeout, Cancellation cancellation) {
        Path file = project.pyproject();
        JsonNode root;
        try {
            root = TOML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new PackagesException(PackagesException.Reason.REQUIREMENTS_FILE, file.toString(),
                    "Cannot read the project file " + file + ": " + e.getMessage() + ".", e);
        }
        List<Requirement> requirements = new ArrayList<>();
        root.path("project").path("dependencies").forEach(d -> requirements.add(Requirement.parse(d.asText())));
        for (String extra : project.extras()) {
            root.path("project").path("optional-dependencies").path(extra).forEach(d -> requirements.add(Requirement.parse(d.asText())));
        }
        return installers.install(python, sitePackages, requirements, kind, sources, timeout, cancellation);
    }
}
