package io.beep.python.quarkus;

import org.jboss.logging.Logger;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the {@code python/} directory the build baked environments into, beside the running
 * application's {@code quarkus-run.jar}, wherever the application directory was moved or copied.
 */
final class BakedApplication {

    /** Where the build writes baked environments, relative to the application directory ({@code target/quarkus-app}). */
    static final String DIRECTORY = "python";
    private static final String RUNNER = "quarkus-run.jar";
    private static final Logger LOG = Logger.getLogger(BakedApplication.class);

    private BakedApplication() {
    }

    static Optional<Path> pythonDirectory() {
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            Path jar = Path.of(entry).toAbsolutePath().normalize();
            if (jar.getFileName() != null && jar.getFileName().toString().equals(RUNNER)) {
                Path python = jar.resolveSibling(DIRECTORY);
                if (Files.isDirectory(python)) {
                    return Optional.of(python);
                }
                LOG.warnf("Beep Python: the application was built with beep.python.build-time-provisioning=true, but %s is missing;"
                        + " copy the whole application directory (quarkus-app/), python/ included. Bootstrapping at run time instead", python);
                return Optional.empty();
            }
        }
        LOG.debugf("Beep Python: not started from %s; baked environments are not looked for", RUNNER);
        return Optional.empty();
    }
}
