package io.beep.python.deployment;

import io.quarkus.bootstrap.resolver.maven.BootstrapMavenContext;

import org.eclipse.aether.repository.RemoteRepository;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.List;

/**
 * Reads the remote repositories the application's Maven build resolves from, with the settings'
 * mirrors applied, so that provisioning from Maven uses the same place (Central or the company's
 * proxy) without a host written in our code. Credentials stay in the build's settings: only URLs
 * are recorded.
 */
final class BuildRepositories {

    private static final Logger LOG = Logger.getLogger(BuildRepositories.class);

    private BuildRepositories() {
    }

    static List<String> of(Path projectDir) {
        try {
            BootstrapMavenContext context = new BootstrapMavenContext(BootstrapMavenContext.config()
                    .setWorkspaceDiscovery(false)
                    .setCurrentProject(projectDir == null ? null : projectDir.toString()));
            return context.getRemoteRepositories().stream().map(RemoteRepository::getUrl).distinct().toList();
        } catch (Exception | LinkageError e) {
            // Gradle builds and unusual setups: provisioning then needs beep.python.distribution.maven-repository.
            LOG.debugf(e, "Cannot read the build's Maven repositories");
            return List.of();
        }
    }
}
