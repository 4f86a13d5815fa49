package io.beep.python.cli;

import io.beep.python.provision.MavenSettings;


import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The Maven repositories the CLI downloads from when none is named: {@code $BEEP_PYTHON_MAVEN_REPOSITORY}
 * (comma-separated), else the mirror of {@code central} (or {@code *}) in {@code ~/.m2/settings.xml}, as a
 * Maven build there would use, else Maven Central as in Maven's own super POM. The extension records its
 * build's repositories instead; a CLI has no build of the user's to read them from.
 */
final class MavenRepositories {

    static final URI MAVEN_CENTRAL = URI.create("https://repo.maven.apache.org/maven2/");

    private MavenRepositories() {
    }

    static List<URI> defaults() {
        String env = System.getenv("BEEP_PYTHON_MAVEN_REPOSITORY");
        if (env != null && !env.isBlank()) {
            return Arrays.stream(env.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(URI::create).toList();
        }
        // Maven Central as the settings route it (their mirror rules, by Maven's own code); the provisioner adds the login.
        return List.of(MavenSettings.standard().route("central", MAVEN_CENTRAL).url());
    }
}
