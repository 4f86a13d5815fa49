package io.beep.python.provision;

import io.beep.python.fs.Platform;
import io.beep.python.process.ProcessRunner;
import io.beep.python.testing.LoopbackMavenRepository;
import io.beep.python.testing.TestPython;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Small builders shared by this package's tests. */
final class Fixtures {

    static final String JAR_PATH = LoopbackMavenRepository.artifactPath("org.bytedeco", "cpython", TestPython.MAVEN_VERSION,
            TestPython.CLASSIFIER, "jar");

    /** Quick retries so fault tests take milliseconds, not the production back-off. */
    static final DownloadPolicy FAST_RETRIES = new DownloadPolicy(Duration.ofSeconds(5), Duration.ofSeconds(10), 4,
            Duration.ofMillis(20), Duration.ofMillis(200));

    private Fixtures() {
    }

    static Platform linuxX86() {
        return new Platform("linux", "x86_64", false);
    }

    /** A provisioner whose local Maven repository is {@code localRepository} (an empty one forces downloads). */
    static PythonProvisioner provisioner(Path home, ProcessRunner runner, Path localRepository) {
        return new PythonProvisioner(home, runner, null, FAST_RETRIES, linuxX86(), localRepository, null);
    }

    static PythonProvisioner provisioner(Path home, ProcessRunner runner, Path localRepository, List<StandaloneCatalog.Entry> manifest) {
        return new PythonProvisioner(home, runner, null, FAST_RETRIES, linuxX86(), localRepository, manifest);
    }

    /** As {@link #provisioner(Path, ProcessRunner, Path)}, downloading as the Maven {@code settings} say. */
    static PythonProvisioner provisioner(Path home, ProcessRunner runner, Path localRepository, MavenSettings settings) {
        return new PythonProvisioner(home, runner, null, FAST_RETRIES, linuxX86(), localRepository, null, settings);
    }

    /** Maven settings read from {@code xml} (a user settings.xml) in {@code dir}, no global settings. */
    static MavenSettings settings(Path dir, String xml) {
        try {
            java.nio.file.Files.createDirectories(dir);
            Path file = java.nio.file.Files.writeString(dir.resolve("settings.xml"), xml);
            return MavenSettings.read(file, Optional.empty(), dir, dir.resolve("settings-security.xml"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static ProvisionRequest maven(String version, URI... repositories) {
        return ProvisionRequest.maven(version, List.of(repositories));
    }

    static ProvisionRequest url(String version, URI url, String sha256) {
        return ProvisionRequest.url(version, url, sha256);
    }

    static ProvisionRequest standalone(String version, URI mirror) {
        return ProvisionRequest.pythonBuildStandalone(version, Optional.of(mirror));
    }
}
