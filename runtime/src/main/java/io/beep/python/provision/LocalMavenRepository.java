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
        String property = System.getProperty("maven.repo.local");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        Path userHome = Path.of(System.getProperty("user.home"));
        return MavenSettings.localRepository(userHome.resolve(".m2/settings.xml"), userHome).orElse(userHome.resolve(".m2/repository"));
    }
}
