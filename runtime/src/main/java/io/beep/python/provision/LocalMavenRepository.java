package io.beep.python.provision;

import java.nio.file.Path;

/**
 * Finds the local Maven repository the way Maven does: the {@code maven.repo.local} system
 * property, else {@code <localRepository>} in {@code ~/.m2/settings.xml}, else {@code ~/.m2/repository}.
 */
final class LocalMavenRepository {

    private LocalMavenRepository() {
    }

    static Path locate() {
        return locate(MavenSettings.standard());
    }

    /** The local repository {@code settings} name, unless {@code maven.repo.local} says otherwise. */
    static Path locate(MavenSettings settings) {
        String property = System.getProperty("maven.repo.local");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        return settings.localRepository().orElse(Path.of(System.getProperty("user.home"), ".m2", "repository"));
    }
}
